package dev.polarflux.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every polarflux benchmark shares: one fork with a fixed 1 GiB heap, 5 warmup
 * iterations of 2 seconds and 10 measured iterations of 1 second, throughput in operations per
 * second. Subclasses override what differs (an annotation on the subclass wins); JMH's command-line
 * flags ({@code -f}, {@code -wi}, {@code -i}, {@code -w}, {@code -r}, {@code -bm}, {@code -tu})
 * override both.
 *
 * <p>Five warmup iterations because on 2 busy cores databind needs about 8 seconds to reach its
 * steady state on a 100-key page. Ten short measured iterations rather than five long ones: JMH's
 * error is the 99.9 % confidence half-width over iterations, and with ten its Student-t factor is
 * 4.8 instead of 8.6. One fork keeps the full suite within a quarter of an hour. Absolute numbers
 * drift with whatever else the machine runs, so results are read as ratios to a baseline measured
 * in the same run: see {@code benchmarks/README.md}.
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class BenchmarkBase {}
