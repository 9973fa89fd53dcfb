package dev.polarflux.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrganizationDatasetTest {

  private static final LicenseKeyDataset DATASET =
      LicenseKeyDataset.generateOrganizations(3, 4, 600, 11L);

  @Test
  void generateOrganizations_sameArguments_sameKeys() {
    LicenseKeyDataset again = LicenseKeyDataset.generateOrganizations(3, 4, 600, 11L);

    assertThat(again.keys()).isEqualTo(DATASET.keys());
    assertThat(again.organizationIds()).isEqualTo(DATASET.organizationIds());
    assertThat(again.customerIds()).isEqualTo(DATASET.customerIds());
  }

  @Test
  void generateOrganizations_everyKeyBelongsToOneCustomerOfItsOrganization() {
    assertThat(DATASET.organizationIds()).hasSize(3).doesNotHaveDuplicates();
    assertThat(DATASET.customerIds()).hasSize(12).doesNotHaveDuplicates();
    int listed = 0;
    for (UUID org : DATASET.organizationIds()) {
      List<UUID> customers = DATASET.customerIds(org);
      assertThat(customers).hasSize(4);
      assertThat(DATASET.benefitIds(org)).hasSize(4);
      for (UUID customer : customers) {
        List<LicenseKeyRead> keys = DATASET.keysOfCustomer(customer);
        assertThat(keys).isNotEmpty();
        assertThat(keys)
            .allSatisfy(
                k -> {
                  assertThat(k.customerId()).isEqualTo(customer);
                  assertThat(k.organizationId()).isEqualTo(org);
                  assertThat(k.customer().organizationId()).isEqualTo(org);
                  assertThat(DATASET.benefitIds(org)).contains(k.benefitId());
                });
        assertThat(DATASET.organizationOf(customer)).isEqualTo(org);
        listed += keys.size();
      }
      assertThat(DATASET.keysOfOrganization(org))
          .allSatisfy(k -> assertThat(k.organizationId()).isEqualTo(org));
    }
    assertThat(listed).isEqualTo(600);
    assertThat(DATASET.customerId()).isEqualTo(DATASET.customerIds().get(0));
    assertThat(DATASET.organizationId()).isEqualTo(DATASET.organizationIds().get(0));
  }

  @Test
  void generateOrganizations_keysAreOrderedAndRealistic() {
    List<LicenseKeyRead> keys = DATASET.keys();
    for (int i = 1; i < keys.size(); i++) {
      assertThat(keys.get(i).createdAt().isAfter(keys.get(i - 1).createdAt())).isTrue();
    }
    assertThat(keys)
        .extracting(LicenseKeyRead::limitActivations)
        .filteredOn(Objects::nonNull)
        .allSatisfy(limit -> assertThat(limit).isBetween(1L, 5L))
        .isNotEmpty();
    assertThat(keys).anySatisfy(k -> assertThat(k.limitActivations()).isNull());
    assertThat(keys).anySatisfy(k -> assertThat(k.limitUsage()).isNull());
    assertThat(keys).anySatisfy(k -> assertThat(k.limitUsage()).isNotNull());
    assertThat(keys)
        .extracting(LicenseKeyRead::status)
        .contains(LicenseKeyStatus.GRANTED, LicenseKeyStatus.REVOKED, LicenseKeyStatus.DISABLED);
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(keys)
        .anySatisfy(k -> assertThat(k.expiresAt().toInstant()).isBefore(now))
        .anySatisfy(k -> assertThat(k.expiresAt()).isNull())
        .allSatisfy(k -> assertThat(k.createdAt().toInstant()).isBefore(now));
  }

  @Test
  void generate_oneOrganization_theDefaultCustomerListsEveryKey() {
    LicenseKeyDataset one = LicenseKeyDataset.generateVaried(40, 3L);

    assertThat(one.organizationIds()).containsExactly(one.organizationId());
    assertThat(one.customerIds()).containsExactly(one.customerId());
    assertThat(one.keysOfCustomer(one.customerId())).isEqualTo(one.keys());
    assertThat(one.keysOfOrganization(one.organizationId())).isEqualTo(one.keys());
  }

  @Test
  void generateOrganizations_badArguments_namedInTheMessage() {
    assertThatThrownBy(() -> LicenseKeyDataset.generateOrganizations(0, 1, 1, 1L))
        .hasMessage("organizations must be at least 1, was: 0");
    assertThatThrownBy(() -> LicenseKeyDataset.generateOrganizations(1, 0, 1, 1L))
        .hasMessage("customersPerOrganization must be at least 1, was: 0");
    assertThatThrownBy(() -> LicenseKeyDataset.generateOrganizations(1, 1, -1, 1L))
        .hasMessage("count must not be negative, was: -1");
  }
}
