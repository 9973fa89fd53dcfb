package dev.polarflux.testserver;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/**
 * The faults a {@link PolarTestServer} injects, consulted once for every request of an {@link
 * Operation} before anything else is checked, so a fault fires whether or not the request is
 * authorized and valid. Thread-safe.
 *
 * <p>For each request the plan picks, in this order:
 *
 * <ol>
 *   <li>the next fault queued with {@link #on} for the request's operation;
 *   <li>for either listing (customer portal or organisation), the next fault queued with {@link
 *       #onPage} for the request's page ({@code 1} when it sends none; a request with an invalid
 *       {@code page} has no page here);
 *   <li>for either listing (customer portal or organisation), the next fault queued with {@link
 *       #next};
 *   <li>for either listing (customer portal or organisation), once {@link #random} was called, a
 *       fault drawn from a seeded RNG;
 *   <li>else none: the request is answered normally.
 * </ol>
 *
 * <pre>{@code
 * server.faults()
 *     .onPage(3, Fault.status(503), Fault.status(503)) // page 3 fails twice, then succeeds
 *     .next(Fault.rateLimited("1"))                    // then the next request of any page
 *     .on(Operation.ACTIVATE, Fault.resetAfterProcessing()); // activates, then cuts the answer
 * }</pre>
 */
public final class FaultPlan {

  private final ArrayDeque<Fault> queue = new ArrayDeque<>();
  private final Map<Integer, ArrayDeque<Fault>> byPage = new HashMap<>();
  private final Map<Operation, ArrayDeque<Fault>> byOperation = new EnumMap<>(Operation.class);
  private final Map<String, Integer> injectedByKind = new TreeMap<>();
  private Random random;
  private double probability;
  private List<Fault> randomKinds = List.of();
  private int injected;

  FaultPlan() {}

  /**
   * Queues faults for the next requests of either listing, whatever page they ask for: one fault
   * per request, in order.
   *
   * @param faults the faults; none {@code null}
   * @return this plan
   */
  public synchronized FaultPlan next(Fault... faults) {
    queue.addAll(checked(faults));
    return this;
  }

  /**
   * Queues faults for the next requests for one page: one fault per request, in order. Page faults
   * fire before those queued with {@link #next}.
   *
   * @param page the page number, at least 1
   * @param faults the faults; none {@code null}
   * @return this plan
   */
  public synchronized FaultPlan onPage(int page, Fault... faults) {
    if (page < 1) {
      throw new IllegalArgumentException("page must be at least 1, was: " + page);
    }
    List<Fault> list = checked(faults);
    byPage.computeIfAbsent(page, p -> new ArrayDeque<>()).addAll(list);
    return this;
  }

  /**
   * Queues faults for the next requests of one operation: one fault per request, in order. They
   * fire before any other fault of the plan.
   *
   * @param operation the operation; not {@code null}
   * @param faults the faults; none {@code null}
   * @return this plan
   */
  public synchronized FaultPlan on(Operation operation, Fault... faults) {
    Objects.requireNonNull(operation, "operation");
    byOperation.computeIfAbsent(operation, o -> new ArrayDeque<>()).addAll(checked(faults));
    return this;
  }

  /**
   * From now on, faults each list request (of either listing) that no queued fault applies to with
   * the given probability, the kind drawn from {@code kinds}. Both draws come from one RNG seeded
   * with {@code seed}, so a given order of requests gets the same faults on every run. Replaces an
   * earlier random setting.
   *
   * @param seed the RNG seed
   * @param probability the chance that a request is faulted, between 0 and 1
   * @param kinds the faults to pick from, at least one; none {@code null}
   * @return this plan
   */
  public synchronized FaultPlan random(long seed, double probability, Fault... kinds) {
    if (!(probability >= 0.0 && probability <= 1.0)) {
      throw new IllegalArgumentException(
          "probability must be between 0 and 1, was: " + probability);
    }
    List<Fault> list = checked(kinds);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("kinds must not be empty");
    }
    this.random = new Random(seed);
    this.probability = probability;
    this.randomKinds = list;
    return this;
  }

  /**
   * Removes every queued fault and the random setting, and resets the counts of {@link #injected()}
   * and {@link #injectedByKind()}: the plan is as new.
   *
   * @return this plan
   */
  public synchronized FaultPlan clear() {
    queue.clear();
    byPage.clear();
    byOperation.clear();
    random = null;
    randomKinds = List.of();
    injected = 0;
    injectedByKind.clear();
    return this;
  }

  /**
   * Counts the faults that fired since the server started or the plan was last cleared.
   *
   * @return the count
   */
  public synchronized int injected() {
    return injected;
  }

  /**
   * Counts the faults that fired, by {@link Fault#kind()}.
   *
   * @return an immutable snapshot, sorted by kind
   */
  public synchronized Map<String, Integer> injectedByKind() {
    return Collections.unmodifiableMap(new TreeMap<>(injectedByKind));
  }

  /**
   * Picks the fault for a request of {@code operation} (null for other paths), or {@code null};
   * {@code page} is null when it is invalid.
   */
  synchronized InjectedFault poll(Operation operation, Integer page) {
    Fault fault = null;
    ArrayDeque<Fault> forOperation = operation == null ? null : byOperation.get(operation);
    if (forOperation != null) {
      fault = forOperation.poll();
      if (forOperation.isEmpty()) {
        byOperation.remove(operation);
      }
    }
    if (fault == null
        && (operation == Operation.CUSTOMER_PORTAL_LIST || operation == Operation.LIST)) {
      fault = listFault(page);
    }
    if (fault == null) {
      return null;
    }
    injected++;
    injectedByKind.merge(fault.kind(), 1, Integer::sum);
    return (InjectedFault) fault;
  }

  private Fault listFault(Integer page) {
    Fault fault = null;
    if (page != null) {
      ArrayDeque<Fault> forPage = byPage.get(page);
      if (forPage != null) {
        fault = forPage.poll();
        if (forPage.isEmpty()) {
          byPage.remove(page);
        }
      }
    }
    if (fault == null) {
      fault = queue.poll();
    }
    if (fault == null && random != null) {
      boolean hit = random.nextDouble() < probability;
      int index = random.nextInt(randomKinds.size());
      if (hit) {
        fault = randomKinds.get(index);
      }
    }
    return fault;
  }

  private static List<Fault> checked(Fault[] faults) {
    Objects.requireNonNull(faults, "faults");
    for (int i = 0; i < faults.length; i++) {
      Objects.requireNonNull(faults[i], "faults[" + i + "]");
    }
    return List.of(faults);
  }

  @Override
  public synchronized String toString() {
    return "FaultPlan[queued="
        + queue.size()
        + ", pages="
        + byPage.keySet()
        + ", operations="
        + byOperation.keySet()
        + ", random="
        + (random != null)
        + ", injected="
        + injected
        + "]";
  }
}
