package dev.polarflux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.polarflux.model.CountryCode;
import dev.polarflux.model.CustomerType;
import dev.polarflux.model.LicenseKeyCustomer;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.model.MetadataValue;
import dev.polarflux.model.Pagination;
import dev.polarflux.model.TaxId;
import dev.polarflux.model.TaxIdFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LicenseKeyCodecTest {

  static PageBody decode(String json) throws IOException {
    return LicenseKeyCodec.readPage(new ByteArrayInputStream(json.getBytes("UTF-8")), 10);
  }

  static String encode(PageBody body) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = LicenseKeyCodec.FACTORY.createGenerator(out)) {
      LicenseKeyCodec.writePage(g, body.items(), body.pagination());
    }
    return out.toString();
  }

  @Test
  void currentPage_decodesEveryFieldWithItsType() throws IOException {
    PageBody page = decode(Fixtures.text("page-current.json"));

    assertThat(page.pagination()).isEqualTo(new Pagination(3, 1));
    assertThat(page.items()).hasSize(3);
    LicenseKeyRead k = page.items().get(0);
    assertThat(k.id()).isEqualTo(UUID.fromString("0b8c5d3e-1f2a-4b6c-9d8e-7f6a5b4c3d2e"));
    assertThat(k.createdAt().toOffsetDateTime())
        .isEqualTo(OffsetDateTime.of(2025, 3, 1, 9, 15, 30, 123_456_000, ZoneOffset.UTC));
    assertThat(k.modifiedAt().toOffsetDateTime())
        .isEqualTo(OffsetDateTime.parse("2025-04-02T10:00:00Z"));
    assertThat(k.organizationId())
        .isEqualTo(UUID.fromString("1dbfc517-0bbf-4301-9ba8-555ca42b9737"));
    assertThat(k.benefitId()).isEqualTo(UUID.fromString("5b5e2ad0-3b0a-4d0c-9a57-6f0d1f6e4c11"));
    assertThat(k.key()).isEqualTo("POLAR-4F2A9C1E-7B3D-4E8F-A1C2-D3E4F5A6B7C8");
    assertThat(k.displayKey()).isEqualTo("****-A6B7C8");
    assertThat(k.status()).isSameAs(LicenseKeyStatus.GRANTED);
    assertThat(k.limitActivations()).isEqualTo(5L);
    assertThat(k.usage()).isEqualTo(3);
    assertThat(k.limitUsage()).isEqualTo(1000L);
    assertThat(k.validations()).isEqualTo(42);
    assertThat(k.lastValidatedAt().toOffsetDateTime().getNano()).isEqualTo(1000);
    assertThat(k.expiresAt().toOffsetDateTime())
        .isEqualTo(OffsetDateTime.parse("2026-03-01T09:15:30+02:00"));
    assertThat(k.expiresAt().toOffsetDateTime().getOffset()).isEqualTo(ZoneOffset.ofHours(2));
    assertThat(k.userId()).isEqualTo(k.customerId());
    assertThat(k.user().publicName()).isEqualTo("Ada");
    assertThat(k.user().avatarUrl()).isNull();

    LicenseKeyCustomer c = k.customer();
    assertThat(c.metadata())
        .containsExactly(
            Map.entry("plan", MetadataValue.of("pro")),
            Map.entry("seats", MetadataValue.of(25L)),
            Map.entry("ratio", MetadataValue.of(0.75)),
            Map.entry("beta", MetadataValue.of(true)),
            Map.entry("big", MetadataValue.of(9007199254740993L)));
    assertThat(c.externalId()).isEqualTo("usr_1337");
    assertThat(c.emailVerified()).isTrue();
    assertThat(c.type()).isSameAs(CustomerType.TEAM);
    assertThat(c.billingName()).isEqualTo("Analytical Engines Ltd");
    assertThat(c.billingAddress().country()).isEqualTo(CountryCode.of("GB"));
    assertThat(c.billingAddress().line2()).isNull();
    assertThat(c.taxId()).isEqualTo(new TaxId("GB123456789", TaxIdFormat.GB_VAT));
    assertThat(c.locale()).isEqualTo("en-GB");
    assertThat(c.defaultPaymentMethodId())
        .isEqualTo(UUID.fromString("6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"));
    assertThat(c.firstUserEventAt().toOffsetDateTime())
        .isEqualTo(OffsetDateTime.parse("2024-12-24T18:05:00Z"));
    assertThat(c.createdAt().toOffsetDateTime().getNano()).isEqualTo(500_000_000);
  }

  @Test
  void nullableFields_decodeToNull() throws IOException {
    LicenseKeyRead k = decode(Fixtures.text("page-current.json")).items().get(1);

    assertThat(k.modifiedAt()).isNull();
    assertThat(k.limitActivations()).isNull();
    assertThat(k.limitUsage()).isNull();
    assertThat(k.lastValidatedAt()).isNull();
    assertThat(k.expiresAt()).isNull();
    assertThat(k.userId()).isNull();
    assertThat(k.user()).isNull();
    assertThat(k.status()).isSameAs(LicenseKeyStatus.REVOKED);
    LicenseKeyCustomer c = k.customer();
    assertThat(c.metadata()).isEmpty();
    assertThat(c.email()).isNull();
    assertThat(c.billingAddress()).isNull();
    assertThat(c.taxId()).isNull();
    assertThat(c.avatarUrl()).isNull();
  }

  @Test
  void unknownEnumValues_decodeAndKeepTheirText() throws IOException {
    LicenseKeyRead k = decode(Fixtures.text("page-current.json")).items().get(2);

    assertThat(k.status().value()).isEqualTo("suspended");
    assertThat(k.status().isKnown()).isFalse();
    assertThat(k.customer().type().value()).isEqualTo("organization");
    assertThat(k.customer().type().isKnown()).isFalse();
    assertThat(k.customer().billingAddress().country().value()).isEqualTo("XK");
    assertThat(k.customer().billingAddress().country().isKnown()).isFalse();
    assertThat(k.customer().taxId().format().value()).isEqualTo("zz_new_format");
    assertThat(k.customer().taxId().format().isKnown()).isFalse();
    assertThat(k.customer().deletedAt()).isNotNull();
    assertThat(k.createdAt().toOffsetDateTime().getNano()).isEqualTo(1);
  }

  @Test
  void olderServer_withoutNewerCustomerFields_decodes() throws IOException {
    PageBody page = decode(Fixtures.text("page-older-server.json"));

    LicenseKeyCustomer c = page.items().get(0).customer();
    assertThat(c.type()).isNull();
    assertThat(c.billingName()).isNull();
    assertThat(c.locale()).isNull();
    assertThat(c.defaultPaymentMethodId()).isNull();
    assertThat(c.firstUserEventAt()).isNull();
    assertThat(c.email()).isEqualTo("old@example.com");
    assertThat(page.items().get(0).status()).isSameAs(LicenseKeyStatus.DISABLED);
    assertThat(page.pagination()).isEqualTo(new Pagination(31, 31));
  }

  @Test
  void writeThenRead_roundTripsEveryKey() throws IOException {
    PageBody page = decode(Fixtures.text("page-current.json"));

    PageBody again = decode(encode(page));

    assertThat(again).isEqualTo(page);
  }

  @Test
  void write_usesPolarsNamesOrderAndTimestampFormat() throws IOException {
    PageBody page = decode(Fixtures.text("page-current.json"));

    String json = encode(new PageBody(List.of(page.items().get(1)), page.pagination()));

    assertThat(json)
        .startsWith(
            "{\"items\":[{\"id\":\"1c9d6e4f-2a3b-4c7d-8e9f-0a1b2c3d4e5f\","
                + "\"created_at\":\"2025-03-02T00:00:00Z\",\"modified_at\":null,")
        .contains("\"metadata\":{},\"external_id\":null,\"email\":null,\"email_verified\":false,")
        .contains("\"billing_address\":null,\"tax_id\":null,")
        .endsWith("\"pagination\":{\"total_count\":3,\"max_page\":1}}")
        .doesNotContain("user_id");
  }

  @Test
  void databindIntoTheSameRecords_agreesWithTheCodec() throws IOException {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    PageBody ours = decode(Fixtures.text("page-current.json"));

    ObjectMapperPage theirs =
        mapper.readValue(Fixtures.bytes("page-current.json"), ObjectMapperPage.class);

    assertThat(theirs.items()).isEqualTo(ours.items());
    assertThat(theirs.pagination()).isEqualTo(ours.pagination());
    String rewritten = mapper.writeValueAsString(ours.items().get(0));
    assertThat(mapper.readValue(rewritten, LicenseKeyRead.class)).isEqualTo(ours.items().get(0));
  }

  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record ObjectMapperPage(List<LicenseKeyRead> items, Pagination pagination) {}

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"items\":[]} | the response has no 'pagination'",
        "{\"pagination\":{\"total_count\":0,\"max_page\":0}} | the response has no 'items'",
        "[] | expected the list response object, found an array",
        "{\"items\":{},\"pagination\":{}} | at /items: expected an array, found an object",
        "{\"items\":[1]} | at /items/0: expected a license key object, found an integer",
        "{\"items\":[],\"pagination\":{\"total_count\":\"3\",\"max_page\":1}}"
            + " | at /pagination/total_count: expected an integer, found a string",
        "{\"items\":[],\"pagination\":{\"total_count\":3}}"
            + " | 'pagination.max_page' is missing or out of range",
        "{\"items\":[{\"id\":\"nope\"}]} | at /items/0/id: expected a UUID, found \"nope\"",
        "{\"items\":[{\"id\":null}]} | at /items/0/id: expected a UUID, found null",
        "{\"items\":[{\"created_at\":\"yesterday\"}]}"
            + " | at /items/0/created_at: expected a date-time, found \"yesterday\"",
        "{\"items\":[{\"usage\":1.5}]} | at /items/0/usage: expected an integer, found a number",
        "{\"items\":[{\"usage\":99999999999999999999}]} | at /items/0/usage: integer out of range",
        "{\"items\":[{\"key\":\"k\"}]} | at /items/0: missing required field(s) [id, created_at,"
            + " organization_id, customer_id, customer, benefit_id, display_key, status, usage,"
            + " validations]",
        "{\"items\":[{\"customer\":{\"metadata\":{\"a\":{}}}}]}"
            + " | at /items/0/customer/metadata/a: expected a string, integer, number or boolean,"
            + " found an object",
        "{\"items\":[{\"customer\":{\"tax_id\":[\"1\"]}}]}"
            + " | at /items/0/customer/tax_id: expected a string, found the end of the array",
        "{\"items\":[{\"customer\":{\"tax_id\":[\"1\",\"eu_vat\",\"x\"]}}]}"
            + " | a tax id has exactly two elements",
        "{\"items\":[{\"customer\":{\"billing_address\":{\"city\":\"x\"}}}]}"
            + " | the address has no 'country'",
        "{\"items\":[{\"customer\":{\"email_verified\":\"yes\"}}]}"
            + " | at /items/0/customer/email_verified: expected a boolean, found a string",
      })
  void schemaMismatch_failsWithThePathAndTheProblem(String json, String message) {
    assertThatThrownBy(() -> decode(json))
        .isInstanceOfAny(DecodeException.class, JsonParseException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"items\":[ | Unexpected end-of-input",
        "<html>502 Bad Gateway</html> | Unexpected character ('<'",
        "{\"items\":[],\"pagination\":{\"total_count\":0,\"max_page\":0}} x | Unrecognized token",
      })
  void malformedJson_failsWithJacksonsParseError(String json, String message) {
    assertThatThrownBy(() -> decode(json))
        .isInstanceOf(JsonParseException.class)
        .hasMessageContaining(message);
  }

  @Test
  void trailingValue_afterTheResponse_fails() {
    assertThatThrownBy(
            () -> decode("{\"items\":[],\"pagination\":{\"total_count\":0,\"max_page\":0}} {}"))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("trailing content after the response object");
  }

  @Test
  void fieldsInAnyOrder_decodeLikePolarsOrder() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    com.fasterxml.jackson.databind.JsonNode page =
        mapper.readTree(Fixtures.text("page-current.json"));
    java.util.Random random = new java.util.Random(11);

    String shuffled = mapper.writeValueAsString(shuffle(page, random, mapper));

    assertThat(shuffled).isNotEqualTo(mapper.writeValueAsString(page));
    assertThat(decode(shuffled)).isEqualTo(decode(Fixtures.text("page-current.json")));
  }

  /** The same JSON with the fields of every object in a random order. */
  private static com.fasterxml.jackson.databind.JsonNode shuffle(
      com.fasterxml.jackson.databind.JsonNode node, java.util.Random random, ObjectMapper mapper) {
    if (node.isObject()) {
      List<String> names = new java.util.ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      java.util.Collections.shuffle(names, random);
      com.fasterxml.jackson.databind.node.ObjectNode out = mapper.createObjectNode();
      for (String name : names) {
        out.set(name, shuffle(node.get(name), random, mapper));
      }
      return out;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode out = mapper.createArrayNode();
      node.forEach(element -> out.add(shuffle(element, random, mapper)));
      return out;
    }
    return node;
  }
}
