package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector, at {@code paranoid}, reports a buffer that was
 * garbage-collected without being released. Registered for every test class by auto-detection.
 */
public final class NettyLeakCheck implements AfterAllCallback {

  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  /**
   * Leaves out the leaks of buffers created in one frame of another library's code, for a test
   * class that provokes a known leak there; {@code why} names it. Every other leak still fails.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface Tolerate {
    /** A stack frame, such as {@code org.example.Encoder.encode}, that the leaked buffer passed. */
    String frame();

    /** Why the leak is not the library's. */
    String why();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Tolerate tolerate =
        context.getTestClass().map(c -> c.getAnnotation(Tolerate.class)).orElse(null);
    List<String> leaks =
        collect(3).stream()
            .filter(leak -> tolerate == null || !leak.contains(tolerate.frame()))
            .toList();
    assertThat(leaks).as("Netty buffers leaked in " + context.getDisplayName()).isEmpty();
  }

  /** Collects garbage and returns (and forgets) the leaks reported so far. */
  static List<String> collect(int rounds) {
    for (int round = 0; round < rounds; round++) {
      System.gc();
      // Leak reports are drained when a tracked buffer is allocated.
      for (int i = 0; i < 64; i++) {
        ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(16);
        probe.release();
      }
      if (!LEAKS.isEmpty()) {
        break;
      }
    }
    List<String> found = List.copyOf(LEAKS);
    LEAKS.clear();
    return found;
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      return new RecordingDetector<>(resource, samplingInterval);
    }
  }

  private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
    RecordingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      LEAKS.add(resourceType + records);
      super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      LEAKS.add(resourceType);
      super.reportUntracedLeak(resourceType);
    }
  }
}
