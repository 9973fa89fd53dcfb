package dev.polarflux.testserver;

import dev.polarflux.model.LicenseKeyActivation;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.model.MetadataValue;
import dev.polarflux.model.PolarTimestamp;
import dev.polarflux.model.ValidatedLicenseKey;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The keys a server serves, as they are now: the dataset's immutable records, and for the keys that
 * an operation changed, their mutable state kept apart and the record rebuilt from it. A million
 * untouched keys cost nothing here. Thread-safe: one lock, held briefly.
 *
 * <p>Operations follow Polar's service ({@code server/polar/license_key/service.py}): the checks in
 * its order, and the same refusals, thrown as {@link Refused}.
 */
final class KeyStore {

  /** The 404 detail Polar's {@code ResourceNotFound} gives when no message is passed. */
  static final String NOT_FOUND = "Not found";

  /** Polar refused an operation: a status, an error name and a detail. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    /** The status: 400, 403 or 404. */
    final int status;

    /** The error name: {@code BadRequest}, {@code NotPermitted} or {@code ResourceNotFound}. */
    final String error;

    Refused(int status, String error, String detail) {
      super(detail, null, false, false);
      this.status = status;
      this.error = error;
    }

    static Refused notFound(String detail) {
      return new Refused(404, "ResourceNotFound", detail);
    }

    static Refused notPermitted(String detail) {
      return new Refused(403, "NotPermitted", detail);
    }
  }

  /**
   * An activation with what the server keeps beside Polar's view of it.
   *
   * @param activation what Polar answers
   * @param conditions the conditions given when activating, as plain JSON values
   */
  record Activation(LicenseKeyActivation activation, Map<String, Object> conditions) {}

  /** A key's state once an operation touched it. Guarded by the store's lock. */
  private static final class KeyState {
    LicenseKeyStatus status;
    Long limitActivations;
    long usage;
    Long limitUsage;
    long validations;
    PolarTimestamp lastValidatedAt;
    PolarTimestamp expiresAt;
    PolarTimestamp modifiedAt;
    final List<Activation> activations = new ArrayList<>();
    LicenseKeyRead record;

    KeyState(LicenseKeyRead k) {
      status = k.status();
      limitActivations = k.limitActivations();
      usage = k.usage();
      limitUsage = k.limitUsage();
      validations = k.validations();
      lastValidatedAt = k.lastValidatedAt();
      expiresAt = k.expiresAt();
      modifiedAt = k.modifiedAt();
      record = k;
    }

    void rebuild(LicenseKeyRead k) {
      record =
          new LicenseKeyRead(
              k.id(),
              k.createdAt(),
              modifiedAt,
              k.organizationId(),
              k.customerId(),
              k.customer(),
              k.benefitId(),
              k.key(),
              k.displayKey(),
              status,
              limitActivations,
              usage,
              limitUsage,
              validations,
              lastValidatedAt,
              expiresAt,
              k.userId(),
              k.user());
    }
  }

  /**
   * The fields of a {@code LicenseKeyUpdate} that the request carried: {@code null} for an absent
   * one; a nullable field present is wrapped in {@link Present}, whose value may be {@code null}.
   *
   * @param status the new status; {@code null} to keep it
   * @param usage the new usage; {@code null} to keep it
   * @param limitActivations the new limit, its value {@code null} for none; {@code null} to keep it
   * @param limitUsage the new usage limit, its value {@code null} for none; {@code null} to keep it
   * @param expiresAt the new expiry, its value {@code null} for never; {@code null} to keep it
   */
  record Update(
      LicenseKeyStatus status,
      Long usage,
      Present<Long> limitActivations,
      Present<Long> limitUsage,
      Present<PolarTimestamp> expiresAt) {}

  /**
   * A field that was present in a request body, with its value, which may be {@code null}.
   *
   * @param value the value
   * @param <T> the value's type
   */
  record Present<T>(T value) {}

  private final LicenseKeyDataset dataset;
  private final Clock clock;
  private final Map<Integer, KeyState> changed = new HashMap<>();

  KeyStore(LicenseKeyDataset dataset, Clock clock) {
    this.dataset = dataset;
    this.clock = clock;
  }

  LicenseKeyDataset dataset() {
    return dataset;
  }

  /** The key at an index of the dataset, as it is now. */
  synchronized LicenseKeyRead current(int index) {
    KeyState s = changed.get(index);
    return s == null ? dataset.keys().get(index) : s.record;
  }

  /** The current records of some keys. */
  synchronized List<LicenseKeyRead> current(int[] indexes, int from, int to) {
    List<LicenseKeyRead> out = new ArrayList<>(Math.max(0, to - from));
    for (int i = from; i < to; i++) {
      out.add(current(indexes[i]));
    }
    return out;
  }

  /** The key's activations that are not deactivated, in creation order. */
  synchronized List<LicenseKeyActivation> activations(int index) {
    KeyState s = changed.get(index);
    List<LicenseKeyActivation> out = new ArrayList<>();
    if (s != null) {
      for (Activation a : s.activations) {
        out.add(a.activation());
      }
    }
    return out;
  }

  /** The key of this id issued by this organisation (any when {@code organization} is -1). */
  int find(UUID id, int organization) throws Refused {
    int index = dataset.indexOfId(id);
    if (index < 0 || !inOrganization(index, organization)) {
      throw Refused.notFound(NOT_FOUND);
    }
    return index;
  }

  /** The key of this text issued by this organisation. */
  int findByKey(String key, UUID organizationId) throws Refused {
    int index = dataset.indexOfKey(key);
    if (index < 0 || !dataset.keys().get(index).organizationId().equals(organizationId)) {
      throw Refused.notFound(NOT_FOUND);
    }
    return index;
  }

  private boolean inOrganization(int index, int organization) {
    return organization < 0
        || dataset.organizationIndex(dataset.keys().get(index).organizationId()) == organization;
  }

  /** One of the key's active activations. */
  synchronized LicenseKeyActivation activation(int index, UUID activationId) throws Refused {
    return activeActivation(index, activationId).activation();
  }

  /**
   * Polar's validation. Returns the key as the answer shows it (the new counts, the {@code
   * modified_at} from before) and the activation, if one was named.
   */
  synchronized ValidatedLicenseKey validate(
      int index,
      UUID activationId,
      Map<String, Object> conditions,
      UUID benefitId,
      UUID customerId,
      Long incrementUsage)
      throws Refused {
    LicenseKeyRead k = current(index);
    requireActive(k);
    Activation activation = null;
    if (activationId != null) {
      activation = activeActivation(index, activationId);
      if (!activation.conditions().isEmpty()
          && !sameJson(activation.conditions(), conditions == null ? Map.of() : conditions)) {
        throw Refused.notFound("License key does not match required conditions");
      }
    }
    if (benefitId != null && !benefitId.equals(k.benefitId())) {
      throw Refused.notFound("License key does not match given benefit.");
    }
    if (customerId != null && !customerId.equals(k.customerId())) {
      throw Refused.notFound("License key does not match given user.");
    }
    long increment = incrementUsage == null ? 0 : incrementUsage;
    if (increment > 0 && k.limitUsage() != null) {
      long remaining = k.limitUsage() - k.usage();
      if (increment > remaining) {
        throw new Refused(400, "BadRequest", "License key only has " + remaining + " more usages.");
      }
    }
    KeyState s = state(index);
    s.validations++;
    s.usage += increment;
    s.lastValidatedAt = now();
    // Polar answers with the key as its session holds it: modified_at is set only on the flush.
    s.rebuild(dataset.keys().get(index));
    LicenseKeyRead answered = s.record;
    s.modifiedAt = s.lastValidatedAt;
    s.rebuild(dataset.keys().get(index));
    return new ValidatedLicenseKey(answered, activation == null ? null : activation.activation());
  }

  /** Polar's activation: creates one and returns it. */
  synchronized LicenseKeyActivation activate(
      int index, String label, Map<String, Object> conditions, Map<String, MetadataValue> meta)
      throws Refused {
    LicenseKeyRead k = current(index);
    if (!k.status().equals(LicenseKeyStatus.GRANTED)) {
      throw Refused.notPermitted("License key is no longer active.");
    }
    if (isExpired(k)) {
      throw Refused.notPermitted("License key has expired.");
    }
    if (k.limitActivations() == null) {
      throw Refused.notPermitted("This license key does not support activations.");
    }
    KeyState s = state(index);
    if (s.activations.size() >= k.limitActivations()) {
      throw Refused.notPermitted("License key activation limit already reached");
    }
    LicenseKeyActivation activation =
        new LicenseKeyActivation(UUID.randomUUID(), k.id(), label, meta, now(), null);
    s.activations.add(new Activation(activation, conditions == null ? Map.of() : conditions));
    return activation;
  }

  /** Polar's deactivation: removes an active activation, freeing its slot. */
  synchronized void deactivate(int index, UUID activationId) throws Refused {
    Activation a = activeActivation(index, activationId);
    changed.get(index).activations.remove(a);
  }

  /** Polar's update: changes the fields the request carried and returns the key. */
  synchronized LicenseKeyRead update(int index, Update u) {
    KeyState s = state(index);
    if (u.status() != null) {
      s.status = u.status();
    }
    if (u.usage() != null) {
      s.usage = u.usage();
    }
    if (u.limitActivations() != null) {
      s.limitActivations = u.limitActivations().value();
    }
    if (u.limitUsage() != null) {
      s.limitUsage = u.limitUsage().value();
    }
    if (u.expiresAt() != null) {
      s.expiresAt = u.expiresAt().value();
    }
    s.modifiedAt = now();
    s.rebuild(dataset.keys().get(index));
    return s.record;
  }

  /** Whether a key's current status is one of {@code statuses}. */
  synchronized boolean hasStatus(int index, Set<LicenseKeyStatus> statuses) {
    return statuses.contains(current(index).status());
  }

  private Activation activeActivation(int index, UUID activationId) throws Refused {
    KeyState s = changed.get(index);
    if (s != null) {
      for (Activation a : s.activations) {
        if (a.activation().id().equals(activationId)) {
          return a;
        }
      }
    }
    throw Refused.notFound(NOT_FOUND);
  }

  private void requireActive(LicenseKeyRead k) throws Refused {
    if (!k.status().equals(LicenseKeyStatus.GRANTED)) {
      throw Refused.notFound("License key is no longer active.");
    }
    if (isExpired(k)) {
      throw Refused.notFound("License key has expired.");
    }
  }

  private boolean isExpired(LicenseKeyRead k) {
    return k.expiresAt() != null && !clock.instant().isBefore(k.expiresAt().toInstant());
  }

  private KeyState state(int index) {
    return changed.computeIfAbsent(index, i -> new KeyState(dataset.keys().get(i)));
  }

  private PolarTimestamp now() {
    return PolarTimestamp.of(clock.instant());
  }

  /**
   * Compares two JSON values as JSON does, not as Java does: numbers by value ({@code 1 == 1.0}),
   * objects by their members whatever the order.
   */
  static boolean sameJson(Object a, Object b) {
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (!x.keySet().equals(y.keySet())) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!sameJson(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!sameJson(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }
}
