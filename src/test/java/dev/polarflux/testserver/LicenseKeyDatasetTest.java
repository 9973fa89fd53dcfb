package dev.polarflux.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.internal.PageBody;
import dev.polarflux.model.Address;
import dev.polarflux.model.CustomerType;
import dev.polarflux.model.LicenseKeyCustomer;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.model.MetadataValue;
import dev.polarflux.model.Pagination;
import dev.polarflux.model.PolarTimestamp;
import dev.polarflux.model.TaxId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LicenseKeyDatasetTest {

  @Test
  void generate_sameCountAndSeed_identicalKeysAndJson() throws IOException {
    LicenseKeyDataset a = LicenseKeyDataset.generate(300, 42L);
    LicenseKeyDataset b = LicenseKeyDataset.generate(300, 42L);

    assertThat(a.keys()).isEqualTo(b.keys());
    assertThat(a.benefitIds()).isEqualTo(b.benefitIds());
    assertThat(a.organizationId()).isEqualTo(b.organizationId());
    assertThat(a.customerId()).isEqualTo(b.customerId());
    assertThat(json(a.keys())).isEqualTo(json(b.keys()));
  }

  @Test
  void generateVaried_sameCountAndSeed_identicalKeysAndJson() throws IOException {
    LicenseKeyDataset a = LicenseKeyDataset.generateVaried(300, 7L);
    LicenseKeyDataset b = LicenseKeyDataset.generateVaried(300, 7L);

    assertThat(a.keys()).isEqualTo(b.keys());
    assertThat(json(a.keys())).isEqualTo(json(b.keys()));
  }

  @Test
  void generate_differentSeeds_differentKeys() {
    LicenseKeyDataset a = LicenseKeyDataset.generate(50, 1L);
    LicenseKeyDataset b = LicenseKeyDataset.generate(50, 2L);

    assertThat(a.keys().get(0).id()).isNotEqualTo(b.keys().get(0).id());
    assertThat(a.organizationId()).isNotEqualTo(b.organizationId());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void generate_keys_strictlyAscendingCreatedAtInUtcWithMicroseconds(boolean varied) {
    List<LicenseKeyRead> keys = dataset(500, 11L, varied).keys();

    for (int i = 0; i < keys.size(); i++) {
      LicenseKeyRead k = keys.get(i);
      if (i > 0) {
        assertThat(k.createdAt()).isGreaterThan(keys.get(i - 1).createdAt());
      }
      for (PolarTimestamp timestamp :
          new PolarTimestamp[] {
            k.createdAt(),
            k.modifiedAt(),
            k.lastValidatedAt(),
            k.expiresAt(),
            k.customer().createdAt()
          }) {
        if (timestamp != null) {
          OffsetDateTime t = timestamp.toOffsetDateTime();
          assertThat(t.getOffset()).isEqualTo(ZoneOffset.UTC);
          assertThat(t.getNano() % 1000).as("whole microseconds").isZero();
        }
      }
    }
    assertThat(keys).anyMatch(k -> k.createdAt().toOffsetDateTime().getNano() != 0);
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 4, 10, 100})
  void generate_threeOrMoreKeys_everyStatusAndEveryNullableBothNullAndSet(int count) {
    for (long seed = 0; seed < 20; seed++) {
      for (boolean varied : new boolean[] {false, true}) {
        List<LicenseKeyRead> keys = dataset(count, seed, varied).keys();

        assertThat(keys.stream().map(LicenseKeyRead::status).collect(Collectors.toSet()))
            .containsExactlyInAnyOrder(
                LicenseKeyStatus.GRANTED, LicenseKeyStatus.REVOKED, LicenseKeyStatus.DISABLED);
        assertBothNullAndSet(keys, LicenseKeyRead::modifiedAt);
        assertBothNullAndSet(keys, LicenseKeyRead::limitActivations);
        assertBothNullAndSet(keys, LicenseKeyRead::limitUsage);
        assertBothNullAndSet(keys, LicenseKeyRead::lastValidatedAt);
        assertBothNullAndSet(keys, LicenseKeyRead::expiresAt);
      }
    }
  }

  @Test
  void generate_keys_consistentCountersAndLimits() {
    for (LicenseKeyRead k : LicenseKeyDataset.generateVaried(1000, 5L).keys()) {
      assertThat(k.validations() == 0).isEqualTo(k.lastValidatedAt() == null);
      if (k.limitUsage() != null) {
        assertThat(k.usage()).isBetween(0L, k.limitUsage());
      }
      if (k.status() != LicenseKeyStatus.GRANTED) {
        assertThat(k.modifiedAt()).as("a status change modifies the key").isNotNull();
      }
      if (k.modifiedAt() != null) {
        assertThat(k.modifiedAt()).isGreaterThan(k.createdAt());
      }
      assertThat(k.customer().createdAt()).isLessThan(k.createdAt());
    }
  }

  @Test
  void generate_singleCustomer_allKeysShareCustomerAndOrganization() {
    LicenseKeyDataset dataset = LicenseKeyDataset.generate(200, 9L);

    assertThat(dataset.keys())
        .allSatisfy(
            k -> {
              assertThat(k.customerId()).isEqualTo(dataset.customerId());
              assertThat(k.customer().id()).isEqualTo(dataset.customerId());
              assertThat(k.organizationId()).isEqualTo(dataset.organizationId());
              assertThat(k.customer().organizationId()).isEqualTo(dataset.organizationId());
            });
    assertThat(dataset.keys().stream().map(LicenseKeyRead::customer).distinct()).hasSize(1);
  }

  @Test
  void generate_keys_polarShapedKeyDisplayKeyAndDeprecatedUser() {
    for (LicenseKeyRead k : LicenseKeyDataset.generateVaried(100, 4L).keys()) {
      assertThat(k.key())
          .matches("POLAR-[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}");
      assertThat(k.displayKey()).isEqualTo("****-" + k.key().substring(k.key().length() - 6));
      assertThat(k.userId()).isEqualTo(k.customerId());
      assertThat(k.user()).isNotNull();
      assertThat(k.user().id()).isEqualTo(k.customerId());
      assertThat(k.user().email()).isEqualTo(k.customer().email());
      assertThat(k.user().publicName()).isNotBlank();
    }
  }

  @Test
  void generate_keys_spreadOverFourBenefits() {
    LicenseKeyDataset dataset = LicenseKeyDataset.generate(200, 8L);

    assertThat(dataset.benefitIds()).hasSize(4).doesNotHaveDuplicates();
    assertThat(dataset.keys().stream().map(LicenseKeyRead::benefitId).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(dataset.benefitIds());
    assertThat(dataset.keys().stream().map(LicenseKeyRead::id).distinct()).hasSize(200);
  }

  @Test
  void generateVaried_customers_showEveryVariant() {
    LicenseKeyDataset dataset = LicenseKeyDataset.generateVaried(16, 123L);
    List<LicenseKeyCustomer> customers =
        dataset.keys().stream().map(LicenseKeyRead::customer).distinct().toList();

    assertThat(customers).hasSizeGreaterThan(10);
    assertThat(customers.get(0).id()).isEqualTo(dataset.customerId());
    assertThat(dataset.keys())
        .allSatisfy(k -> assertThat(k.customerId()).isEqualTo(k.customer().id()));
    Set<Class<?>> metadataTypes =
        customers.stream()
            .flatMap(c -> c.metadata().values().stream())
            .map(Object::getClass)
            .collect(Collectors.toSet());
    assertThat(metadataTypes)
        .containsExactlyInAnyOrder(
            MetadataValue.StringValue.class,
            MetadataValue.IntegerValue.class,
            MetadataValue.NumberValue.class,
            MetadataValue.BooleanValue.class);
    assertThat(customers).anyMatch(c -> c.metadata().isEmpty());
    assertThat(customers).anyMatch(c -> c.taxId() == null);
    assertThat(
            customers.stream()
                .map(LicenseKeyCustomer::taxId)
                .filter(Objects::nonNull)
                .map(TaxId::format)
                .collect(Collectors.toSet()))
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(customers).anyMatch(c -> c.billingAddress() == null);
    List<Address> addresses =
        customers.stream()
            .map(LicenseKeyCustomer::billingAddress)
            .filter(Objects::nonNull)
            .toList();
    assertThat(addresses).anyMatch(a -> a.line2() == null).anyMatch(a -> a.line2() != null);
    assertThat(addresses).anyMatch(a -> a.state() == null).anyMatch(a -> a.state() != null);
    assertThat(customers.stream().map(LicenseKeyCustomer::type).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(CustomerType.INDIVIDUAL, CustomerType.TEAM);
    assertBothNullAndSet(customers, LicenseKeyCustomer::name);
    assertBothNullAndSet(customers, LicenseKeyCustomer::email);
    assertBothNullAndSet(customers, LicenseKeyCustomer::avatarUrl);
    assertBothNullAndSet(customers, LicenseKeyCustomer::deletedAt);
    assertBothNullAndSet(customers, LicenseKeyCustomer::externalId);
    assertBothNullAndSet(customers, LicenseKeyCustomer::locale);
    assertBothNullAndSet(customers, LicenseKeyCustomer::firstUserEventAt);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void generate_json_roundTripsThroughTheCodec(boolean varied) throws IOException {
    List<LicenseKeyRead> keys = dataset(400, 21L, varied).keys();

    PageBody decoded = LicenseKeyCodec.readPage(new ByteArrayInputStream(json(keys)), keys.size());

    assertThat(decoded.items()).isEqualTo(keys);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void generate_tinyCounts_exactCount(int count) {
    assertThat(LicenseKeyDataset.generate(count, 1L).keys()).hasSize(count);
    assertThat(LicenseKeyDataset.generateVaried(count, 1L).keys()).hasSize(count);
    assertThat(LicenseKeyDataset.generate(count, 1L).benefitIds()).hasSize(4);
  }

  @Test
  void generate_negativeCount_throwsNamedMessage() {
    assertThatThrownBy(() -> LicenseKeyDataset.generate(-1, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must not be negative, was: -1");
    assertThatThrownBy(() -> LicenseKeyDataset.generateVaried(-5, 1L))
        .hasMessage("count must not be negative, was: -5");
  }

  @Test
  void keys_returnedList_isImmutable() {
    List<LicenseKeyRead> keys = LicenseKeyDataset.generate(3, 1L).keys();

    assertThatThrownBy(keys::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  static LicenseKeyDataset dataset(int count, long seed, boolean varied) {
    return varied
        ? LicenseKeyDataset.generateVaried(count, seed)
        : LicenseKeyDataset.generate(count, seed);
  }

  private static <T> void assertBothNullAndSet(List<T> values, Function<T, ?> field) {
    assertThat(values).anyMatch(v -> field.apply(v) == null);
    assertThat(values).anyMatch(v -> field.apply(v) != null);
  }

  private static byte[] json(List<LicenseKeyRead> keys) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = LicenseKeyCodec.FACTORY.createGenerator(out)) {
      LicenseKeyCodec.writePage(g, keys, new Pagination(keys.size(), 1));
    }
    return out.toByteArray();
  }
}
