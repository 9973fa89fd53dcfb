package dev.polarflux;

import dev.polarflux.model.LicenseKeyCustomer;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.model.PolarTimestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small, predictable keys for tests of the paging logic. */
final class TestKeys {

  static final UUID ORGANIZATION = UUID.fromString("1dbfc517-0bbf-4301-9ba8-555ca42b9737");
  static final UUID CUSTOMER = UUID.fromString("992fae2a-2a17-4b7a-8d9e-e287cf90131b");
  static final UUID BENEFIT = UUID.fromString("5b5e2ad0-3b0a-4d0c-9a57-6f0d1f6e4c11");

  private TestKeys() {}

  static LicenseKeyRead key(int i) {
    PolarTimestamp created =
        PolarTimestamp.of(OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusMinutes(i));
    LicenseKeyCustomer customer =
        new LicenseKeyCustomer(
            CUSTOMER,
            created,
            null,
            Map.of(),
            null,
            "c@example.com",
            true,
            null,
            "C",
            null,
            null,
            null,
            null,
            ORGANIZATION,
            null,
            null,
            null,
            null);
    return new LicenseKeyRead(
        new UUID(0, i),
        created,
        null,
        ORGANIZATION,
        CUSTOMER,
        customer,
        BENEFIT,
        "POLAR-KEY-" + i,
        "****-" + i,
        LicenseKeyStatus.GRANTED,
        null,
        0,
        null,
        0,
        null,
        null,
        null,
        null);
  }

  static List<LicenseKeyRead> keys(int count) {
    List<LicenseKeyRead> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(key(i));
    }
    return keys;
  }

  static List<Integer> numbers(List<LicenseKeyRead> keys) {
    return keys.stream().map(k -> (int) k.id().getLeastSignificantBits()).toList();
  }
}
