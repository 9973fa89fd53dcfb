package dev.polarflux.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.polarflux.model.Address;
import dev.polarflux.model.CountryCode;
import dev.polarflux.model.CustomerType;
import dev.polarflux.model.LicenseKeyCustomer;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.model.LicenseKeyUser;
import dev.polarflux.model.MetadataValue;
import dev.polarflux.model.Pagination;
import dev.polarflux.model.PolarTimestamp;
import dev.polarflux.model.TaxId;
import dev.polarflux.model.TaxIdFormat;
import java.io.IOException;
import java.io.InputStream;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads and writes Polar's license-key JSON with Jackson's streaming API, straight into and out of
 * the model records.
 *
 * <p>Written by hand rather than bound by databind, so the library needs only {@code jackson-core}
 * at run time: it reads UUIDs from the parser's character buffer without intermediate strings,
 * keeps timestamps as Polar's text (checked, parsed only when asked for), interns enum values, and
 * reports a schema mismatch with the JSON path of the offending value. Unknown properties are
 * skipped; fields that older servers did not send decode to {@code null}; a required field that is
 * missing or {@code null} fails with a {@link DecodeException}.
 */
public final class LicenseKeyCodec {

  /** The factory every polarflux parser and generator comes from. */
  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(64).build())
          .build();

  private static final CharTable<LicenseKeyStatus> STATUSES =
      new CharTable<>(LicenseKeyStatus.known(), LicenseKeyStatus::value);
  private static final CharTable<CustomerType> CUSTOMER_TYPES =
      new CharTable<>(CustomerType.known(), CustomerType::value);
  private static final CharTable<CountryCode> COUNTRIES =
      new CharTable<>(CountryCode.known(), CountryCode::value);
  private static final CharTable<TaxIdFormat> TAX_ID_FORMATS =
      new CharTable<>(TaxIdFormat.known(), TaxIdFormat::value);

  // Field positions in the order Polar writes them (LicenseKeyRead, then LicenseKeyCustomer).
  private static final int K_ID = 0;
  private static final int K_CREATED_AT = 1;
  private static final int K_MODIFIED_AT = 2;
  private static final int K_ORGANIZATION_ID = 3;
  private static final int K_CUSTOMER_ID = 4;
  private static final int K_CUSTOMER = 5;
  private static final int K_BENEFIT_ID = 6;
  private static final int K_KEY = 7;
  private static final int K_DISPLAY_KEY = 8;
  private static final int K_STATUS = 9;
  private static final int K_LIMIT_ACTIVATIONS = 10;
  private static final int K_USAGE = 11;
  private static final int K_LIMIT_USAGE = 12;
  private static final int K_VALIDATIONS = 13;
  private static final int K_LAST_VALIDATED_AT = 14;
  private static final int K_EXPIRES_AT = 15;
  private static final int K_USER_ID = 16;
  private static final int K_USER = 17;
  private static final int C_ID = 0;
  private static final int C_CREATED_AT = 1;
  private static final int C_MODIFIED_AT = 2;
  private static final int C_METADATA = 3;
  private static final int C_EXTERNAL_ID = 4;
  private static final int C_EMAIL = 5;
  private static final int C_EMAIL_VERIFIED = 6;
  private static final int C_TYPE = 7;
  private static final int C_NAME = 8;
  private static final int C_BILLING_NAME = 9;
  private static final int C_BILLING_ADDRESS = 10;
  private static final int C_TAX_ID = 11;
  private static final int C_LOCALE = 12;
  private static final int C_ORGANIZATION_ID = 13;
  private static final int C_DEFAULT_PAYMENT_METHOD_ID = 14;
  private static final int C_DELETED_AT = 15;
  private static final int C_FIRST_USER_EVENT_AT = 16;
  private static final int C_AVATAR_URL = 17;
  private static final FieldOrder KEY_ORDER =
      new FieldOrder(
          "id",
          "created_at",
          "modified_at",
          "organization_id",
          "customer_id",
          "customer",
          "benefit_id",
          "key",
          "display_key",
          "status",
          "limit_activations",
          "usage",
          "limit_usage",
          "validations",
          "last_validated_at",
          "expires_at",
          "user_id",
          "user");
  private static final FieldOrder CUSTOMER_ORDER =
      new FieldOrder(
          "id",
          "created_at",
          "modified_at",
          "metadata",
          "external_id",
          "email",
          "email_verified",
          "type",
          "name",
          "billing_name",
          "billing_address",
          "tax_id",
          "locale",
          "organization_id",
          "default_payment_method_id",
          "deleted_at",
          "first_user_event_at",
          "avatar_url");
  private static final int END_OF_OBJECT = -2;

  // The fields that must be present and not null, as bits of their positions.
  private static final int KEY_REQUIRED =
      1 << K_ID
          | 1 << K_CREATED_AT
          | 1 << K_ORGANIZATION_ID
          | 1 << K_CUSTOMER_ID
          | 1 << K_CUSTOMER
          | 1 << K_BENEFIT_ID
          | 1 << K_KEY
          | 1 << K_DISPLAY_KEY
          | 1 << K_STATUS
          | 1 << K_USAGE
          | 1 << K_VALIDATIONS;
  private static final int CUSTOMER_REQUIRED =
      1 << C_ID
          | 1 << C_CREATED_AT
          | 1 << C_METADATA
          | 1 << C_EMAIL_VERIFIED
          | 1 << C_ORGANIZATION_ID;

  private LicenseKeyCodec() {}

  /**
   * The fields of one object in the order Polar writes them. Reading expects that order and
   * compares the raw bytes of the next name with the expected one, which is much cheaper than
   * looking a name up; any other order still works, name by name.
   */
  private static final class FieldOrder {
    private final String[] names;
    private final SerializedString[] expected;
    private final Map<String, Integer> index = new HashMap<>();

    FieldOrder(String... names) {
      this.names = names;
      expected = new SerializedString[names.length];
      for (int i = 0; i < names.length; i++) {
        expected[i] = new SerializedString(names[i]);
        index.put(names[i], i);
      }
    }
  }

  /**
   * Moves to the next field of an object and returns its position in {@code order}, {@code -1} for
   * a field the order does not know, or {@link #END_OF_OBJECT}.
   */
  private static int nextField(JsonParser p, FieldOrder order, int next) throws IOException {
    JsonToken t;
    if (next < order.expected.length) {
      if (p.nextFieldName(order.expected[next])) {
        return next;
      }
      t = p.currentToken();
    } else {
      t = p.nextToken();
    }
    if (t == JsonToken.END_OBJECT) {
      return END_OF_OBJECT;
    }
    if (t != JsonToken.FIELD_NAME) {
      throw mismatch(p, "expected a field name, found " + describe(t));
    }
    Integer i = order.index.get(p.currentName());
    return i == null ? -1 : i;
  }

  /**
   * Decodes a whole list response.
   *
   * @param in the body; read to its end, not closed
   * @param expectedItems a capacity hint for the item list
   * @return the page body
   * @throws IOException on malformed JSON or a read failure
   * @throws DecodeException when the JSON does not match the schema
   */
  public static PageBody readPage(InputStream in, int expectedItems) throws IOException {
    try (JsonParser p = FACTORY.createParser(in)) {
      PageBody body = readPage(p, expectedItems);
      if (p.nextToken() != null) {
        throw mismatch(p, "trailing content after the response object");
      }
      return body;
    }
  }

  /**
   * Decodes a whole list response from a parser positioned before or on its first token.
   *
   * @param p the parser
   * @param expectedItems a capacity hint for the item list
   * @return the page body
   * @throws IOException on malformed JSON or a read failure
   */
  public static PageBody readPage(JsonParser p, int expectedItems) throws IOException {
    JsonToken t = p.currentToken() == null ? p.nextToken() : p.currentToken();
    if (t != JsonToken.START_OBJECT) {
      throw mismatch(p, "expected the list response object, found " + describe(t));
    }
    List<LicenseKeyRead> items = null;
    Pagination pagination = null;
    String field;
    while ((field = p.nextFieldName()) != null) {
      switch (field) {
        case "items" -> {
          if (items != null) {
            throw mismatch(p, "the response has 'items' twice");
          }
          items = readItems(p, expectedItems);
        }
        case "pagination" -> pagination = readPagination(p);
        default -> skip(p);
      }
    }
    if (items == null) {
      throw mismatch(p, "the response has no 'items'");
    }
    if (pagination == null) {
      throw mismatch(p, "the response has no 'pagination'");
    }
    return new PageBody(items, pagination);
  }

  private static List<LicenseKeyRead> readItems(JsonParser p, int expectedItems)
      throws IOException {
    if (p.nextToken() != JsonToken.START_ARRAY) {
      throw mismatch(p, "expected an array, found " + describe(p.currentToken()));
    }
    List<LicenseKeyRead> items = new ArrayList<>(Math.max(expectedItems, 0));
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        throw notAKey(p, t);
      }
      items.add(readKey(p));
    }
    return items;
  }

  /** The error for an element of {@code items}, the token {@code t}, that is not an object. */
  static DecodeException notAKey(JsonParser p, JsonToken t) {
    return mismatch(p, "expected a license key object, found " + describe(t));
  }

  static Pagination readPagination(JsonParser p) throws IOException {
    expectObject(p);
    long totalCount = -1;
    long maxPage = -1;
    String field;
    while ((field = p.nextFieldName()) != null) {
      switch (field) {
        case "total_count" -> totalCount = readLong(p);
        case "max_page" -> maxPage = readLong(p);
        default -> skip(p);
      }
    }
    if (totalCount < 0) {
      throw mismatch(p, "'pagination.total_count' is missing or negative");
    }
    if (maxPage < 0 || maxPage > Integer.MAX_VALUE) {
      throw mismatch(p, "'pagination.max_page' is missing or out of range");
    }
    return new Pagination(totalCount, (int) maxPage);
  }

  /**
   * Decodes one license key from a parser positioned on its {@code START_OBJECT}.
   *
   * @param p the parser
   * @return the key
   * @throws IOException on malformed JSON or a read failure
   */
  public static LicenseKeyRead readKey(JsonParser p) throws IOException {
    UUID id = null;
    PolarTimestamp createdAt = null;
    PolarTimestamp modifiedAt = null;
    UUID organizationId = null;
    UUID customerId = null;
    LicenseKeyCustomer customer = null;
    UUID benefitId = null;
    String key = null;
    String displayKey = null;
    LicenseKeyStatus status = null;
    Long limitActivations = null;
    long usage = 0;
    Long limitUsage = null;
    long validations = 0;
    PolarTimestamp lastValidatedAt = null;
    PolarTimestamp expiresAt = null;
    UUID userId = null;
    LicenseKeyUser user = null;
    int seen = 0;
    int next = 0;
    for (int field; (field = nextField(p, KEY_ORDER, next)) != END_OF_OBJECT; ) {
      if (field >= 0) {
        next = field + 1;
      }
      switch (field) {
        case K_ID -> {
          id = readUuid(p, false);
          seen |= 1 << K_ID;
        }
        case K_CREATED_AT -> {
          createdAt = readTimestamp(p, false);
          seen |= 1 << K_CREATED_AT;
        }
        case K_MODIFIED_AT -> modifiedAt = readTimestamp(p, true);
        case K_ORGANIZATION_ID -> {
          organizationId = readUuid(p, false);
          seen |= 1 << K_ORGANIZATION_ID;
        }
        case K_CUSTOMER_ID -> {
          customerId = readUuid(p, false);
          seen |= 1 << K_CUSTOMER_ID;
        }
        case K_CUSTOMER -> {
          expectObject(p);
          customer = readCustomer(p);
          seen |= 1 << K_CUSTOMER;
        }
        case K_BENEFIT_ID -> {
          benefitId = readUuid(p, false);
          seen |= 1 << K_BENEFIT_ID;
        }
        case K_KEY -> {
          key = readString(p, false);
          seen |= 1 << K_KEY;
        }
        case K_DISPLAY_KEY -> {
          displayKey = readString(p, false);
          seen |= 1 << K_DISPLAY_KEY;
        }
        case K_STATUS -> {
          status = readOpen(p, false, STATUSES, LicenseKeyStatus::of);
          seen |= 1 << K_STATUS;
        }
        case K_LIMIT_ACTIVATIONS -> limitActivations = readNullableLong(p);
        case K_USAGE -> {
          usage = readLong(p);
          seen |= 1 << K_USAGE;
        }
        case K_LIMIT_USAGE -> limitUsage = readNullableLong(p);
        case K_VALIDATIONS -> {
          validations = readLong(p);
          seen |= 1 << K_VALIDATIONS;
        }
        case K_LAST_VALIDATED_AT -> lastValidatedAt = readTimestamp(p, true);
        case K_EXPIRES_AT -> expiresAt = readTimestamp(p, true);
        case K_USER_ID -> userId = readUuid(p, true);
        case K_USER -> user = readUser(p);
        default -> skip(p);
      }
    }
    if ((seen & KEY_REQUIRED) != KEY_REQUIRED) {
      throw missing(p, seen, KEY_REQUIRED, KEY_ORDER);
    }
    return new LicenseKeyRead(
        id,
        createdAt,
        modifiedAt,
        organizationId,
        customerId,
        customer,
        benefitId,
        key,
        displayKey,
        status,
        limitActivations,
        usage,
        limitUsage,
        validations,
        lastValidatedAt,
        expiresAt,
        userId,
        user);
  }

  private static LicenseKeyCustomer readCustomer(JsonParser p) throws IOException {
    UUID id = null;
    PolarTimestamp createdAt = null;
    PolarTimestamp modifiedAt = null;
    Map<String, MetadataValue> metadata = null;
    String externalId = null;
    String email = null;
    boolean emailVerified = false;
    CustomerType type = null;
    String name = null;
    String billingName = null;
    Address billingAddress = null;
    TaxId taxId = null;
    String locale = null;
    UUID organizationId = null;
    UUID defaultPaymentMethodId = null;
    PolarTimestamp deletedAt = null;
    PolarTimestamp firstUserEventAt = null;
    String avatarUrl = null;
    int seen = 0;
    int next = 0;
    for (int field; (field = nextField(p, CUSTOMER_ORDER, next)) != END_OF_OBJECT; ) {
      if (field >= 0) {
        next = field + 1;
      }
      switch (field) {
        case C_ID -> {
          id = readUuid(p, false);
          seen |= 1 << C_ID;
        }
        case C_CREATED_AT -> {
          createdAt = readTimestamp(p, false);
          seen |= 1 << C_CREATED_AT;
        }
        case C_MODIFIED_AT -> modifiedAt = readTimestamp(p, true);
        case C_METADATA -> {
          metadata = readMetadata(p);
          seen |= 1 << C_METADATA;
        }
        case C_EXTERNAL_ID -> externalId = readString(p, true);
        case C_EMAIL -> email = readString(p, true);
        case C_EMAIL_VERIFIED -> {
          emailVerified = readBoolean(p);
          seen |= 1 << C_EMAIL_VERIFIED;
        }
        case C_TYPE -> {
          type = readOpen(p, true, CUSTOMER_TYPES, CustomerType::of);
        }
        case C_NAME -> name = readString(p, true);
        case C_BILLING_NAME -> billingName = readString(p, true);
        case C_BILLING_ADDRESS -> billingAddress = readAddress(p);
        case C_TAX_ID -> taxId = readTaxId(p);
        case C_LOCALE -> locale = readString(p, true);
        case C_ORGANIZATION_ID -> {
          organizationId = readUuid(p, false);
          seen |= 1 << C_ORGANIZATION_ID;
        }
        case C_DEFAULT_PAYMENT_METHOD_ID -> defaultPaymentMethodId = readUuid(p, true);
        case C_DELETED_AT -> deletedAt = readTimestamp(p, true);
        case C_FIRST_USER_EVENT_AT -> firstUserEventAt = readTimestamp(p, true);
        case C_AVATAR_URL -> avatarUrl = readString(p, true);
        default -> skip(p);
      }
    }
    if ((seen & CUSTOMER_REQUIRED) != CUSTOMER_REQUIRED) {
      throw missing(p, seen, CUSTOMER_REQUIRED, CUSTOMER_ORDER);
    }
    return new LicenseKeyCustomer(
        id,
        createdAt,
        modifiedAt,
        metadata,
        externalId,
        email,
        emailVerified,
        type,
        name,
        billingName,
        billingAddress,
        taxId,
        locale,
        organizationId,
        defaultPaymentMethodId,
        deletedAt,
        firstUserEventAt,
        avatarUrl);
  }

  private static Map<String, MetadataValue> readMetadata(JsonParser p) throws IOException {
    expectObject(p);
    String field = p.nextFieldName();
    if (field == null) {
      return Map.of();
    }
    Map<String, MetadataValue> metadata = new LinkedHashMap<>();
    do {
      JsonToken t = p.nextToken();
      MetadataValue value =
          switch (t) {
            case VALUE_STRING -> MetadataValue.of(p.getText());
            case VALUE_NUMBER_INT -> {
              if (p.getNumberType() != JsonParser.NumberType.INT
                  && p.getNumberType() != JsonParser.NumberType.LONG) {
                throw mismatch(p, "metadata integer does not fit a long");
              }
              yield MetadataValue.of(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> MetadataValue.of(p.getDoubleValue());
            case VALUE_TRUE -> MetadataValue.of(true);
            case VALUE_FALSE -> MetadataValue.of(false);
            default ->
                throw mismatch(
                    p, "expected a string, integer, number or boolean, found " + describe(t));
          };
      metadata.put(field, value);
    } while ((field = p.nextFieldName()) != null);
    return metadata;
  }

  private static Address readAddress(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_OBJECT) {
      throw mismatch(p, "expected an address object or null, found " + describe(t));
    }
    String line1 = null;
    String line2 = null;
    String postalCode = null;
    String city = null;
    String state = null;
    CountryCode country = null;
    String field;
    while ((field = p.nextFieldName()) != null) {
      switch (field) {
        case "line1" -> line1 = readString(p, true);
        case "line2" -> line2 = readString(p, true);
        case "postal_code" -> postalCode = readString(p, true);
        case "city" -> city = readString(p, true);
        case "state" -> state = readString(p, true);
        case "country" -> country = readOpen(p, false, COUNTRIES, CountryCode::of);
        default -> skip(p);
      }
    }
    if (country == null) {
      throw mismatch(p, "the address has no 'country'");
    }
    return new Address(line1, line2, postalCode, city, state, country);
  }

  private static TaxId readTaxId(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_ARRAY) {
      throw mismatch(p, "expected a [value, format] array or null, found " + describe(t));
    }
    String value = readString(p, false);
    TaxIdFormat format = readOpen(p, false, TAX_ID_FORMATS, TaxIdFormat::of);
    if (p.nextToken() != JsonToken.END_ARRAY) {
      throw mismatch(p, "a tax id has exactly two elements");
    }
    return new TaxId(value, format);
  }

  private static LicenseKeyUser readUser(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_OBJECT) {
      throw mismatch(p, "expected a user object or null, found " + describe(t));
    }
    UUID id = null;
    String email = null;
    String publicName = null;
    String avatarUrl = null;
    String field;
    while ((field = p.nextFieldName()) != null) {
      switch (field) {
        case "id" -> id = readUuid(p, false);
        case "email" -> email = readString(p, true);
        case "public_name" -> publicName = readString(p, false);
        case "avatar_url" -> avatarUrl = readString(p, true);
        default -> skip(p);
      }
    }
    if (id == null || publicName == null) {
      throw mismatch(p, "the user needs 'id' and 'public_name'");
    }
    return new LicenseKeyUser(id, email, publicName, avatarUrl);
  }

  private static void expectObject(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_OBJECT) {
      throw mismatch(p, "expected an object, found " + describe(t));
    }
  }

  private static String readString(JsonParser p, boolean nullable) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL && nullable) {
      return null;
    }
    throw mismatch(
        p, "expected a string" + (nullable ? " or null" : "") + ", found " + describe(t));
  }

  /** Reads a value of an open enumeration: a known one without creating a string. */
  private static <T> T readOpen(
      JsonParser p, boolean nullable, CharTable<T> known, java.util.function.Function<String, T> of)
      throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_STRING) {
      T value = known.get(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      return value != null ? value : of.apply(p.getText());
    }
    if (t == JsonToken.VALUE_NULL && nullable) {
      return null;
    }
    throw mismatch(
        p, "expected a string" + (nullable ? " or null" : "") + ", found " + describe(t));
  }

  private static UUID readUuid(JsonParser p, boolean nullable) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_STRING) {
      UUID uuid = Uuids.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      if (uuid == null) {
        throw mismatch(p, "expected a UUID, found \"" + abbreviate(p.getText()) + "\"");
      }
      return uuid;
    }
    if (t == JsonToken.VALUE_NULL && nullable) {
      return null;
    }
    throw mismatch(p, "expected a UUID" + (nullable ? " or null" : "") + ", found " + describe(t));
  }

  private static PolarTimestamp readTimestamp(JsonParser p, boolean nullable) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_STRING) {
      try {
        return PolarTimestamp.parse(p.getText());
      } catch (DateTimeParseException e) {
        throw mismatch(p, "expected a date-time, found \"" + abbreviate(p.getText()) + "\"");
      }
    }
    if (t == JsonToken.VALUE_NULL && nullable) {
      return null;
    }
    throw mismatch(
        p, "expected a date-time" + (nullable ? " or null" : "") + ", found " + describe(t));
  }

  private static long readLong(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw mismatch(p, "expected an integer, found " + describe(t));
    }
    JsonParser.NumberType type = p.getNumberType();
    if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
      throw mismatch(p, "integer out of range");
    }
    return p.getLongValue();
  }

  private static Long readNullableLong(JsonParser p) throws IOException {
    if (p.nextToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw mismatch(p, "expected an integer or null, found " + describe(p.currentToken()));
    }
    JsonParser.NumberType type = p.getNumberType();
    if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
      throw mismatch(p, "integer out of range");
    }
    return p.getLongValue();
  }

  private static boolean readBoolean(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (t == JsonToken.VALUE_FALSE) {
      return false;
    }
    throw mismatch(p, "expected a boolean, found " + describe(t));
  }

  private static void skip(JsonParser p) throws IOException {
    p.nextToken();
    p.skipChildren();
  }

  private static DecodeException missing(JsonParser p, int seen, int required, FieldOrder order) {
    List<String> absent = new ArrayList<>();
    for (int i = 0; i < order.names.length; i++) {
      if ((required & (1 << i)) != 0 && (seen & (1 << i)) == 0) {
        absent.add(order.names[i]);
      }
    }
    return mismatch(p, "missing required field(s) " + absent);
  }

  private static DecodeException mismatch(JsonParser p, String problem) {
    String path = p.getParsingContext().pathAsPointer().toString();
    int line = p.currentLocation().getLineNr();
    return new DecodeException(
        path,
        problem,
        line < 0 ? "" : " (line " + line + ", column " + p.currentLocation().getColumnNr() + ")");
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "the end of the input";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case END_ARRAY -> "the end of the array";
      case END_OBJECT -> "the end of the object";
      default -> t.toString();
    };
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  /**
   * Writes a whole list response.
   *
   * @param g the generator
   * @param items the keys
   * @param pagination the pagination block
   * @throws IOException when the generator fails
   */
  public static void writePage(JsonGenerator g, List<LicenseKeyRead> items, Pagination pagination)
      throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("items");
    for (LicenseKeyRead item : items) {
      writeKey(g, item);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("pagination");
    g.writeNumberField("total_count", pagination.totalCount());
    g.writeNumberField("max_page", pagination.maxPage());
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * Writes one license key with Polar's field names, order and null handling; the deprecated {@code
   * user_id} and {@code user} only when present.
   *
   * @param g the generator
   * @param k the key
   * @throws IOException when the generator fails
   */
  public static void writeKey(JsonGenerator g, LicenseKeyRead k) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", k.id().toString());
    writeTimestamp(g, "created_at", k.createdAt());
    writeTimestamp(g, "modified_at", k.modifiedAt());
    g.writeStringField("organization_id", k.organizationId().toString());
    g.writeStringField("customer_id", k.customerId().toString());
    g.writeFieldName("customer");
    writeCustomer(g, k.customer());
    g.writeStringField("benefit_id", k.benefitId().toString());
    g.writeStringField("key", k.key());
    g.writeStringField("display_key", k.displayKey());
    g.writeStringField("status", k.status().value());
    writeNullableLong(g, "limit_activations", k.limitActivations());
    g.writeNumberField("usage", k.usage());
    writeNullableLong(g, "limit_usage", k.limitUsage());
    g.writeNumberField("validations", k.validations());
    writeTimestamp(g, "last_validated_at", k.lastValidatedAt());
    writeTimestamp(g, "expires_at", k.expiresAt());
    if (k.userId() != null) {
      g.writeStringField("user_id", k.userId().toString());
    }
    if (k.user() != null) {
      LicenseKeyUser u = k.user();
      g.writeObjectFieldStart("user");
      g.writeStringField("id", u.id().toString());
      g.writeStringField("email", u.email());
      g.writeStringField("public_name", u.publicName());
      g.writeStringField("avatar_url", u.avatarUrl());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeCustomer(JsonGenerator g, LicenseKeyCustomer c) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", c.id().toString());
    writeTimestamp(g, "created_at", c.createdAt());
    writeTimestamp(g, "modified_at", c.modifiedAt());
    g.writeObjectFieldStart("metadata");
    for (Map.Entry<String, MetadataValue> e : c.metadata().entrySet()) {
      g.writeFieldName(e.getKey());
      MetadataValue v = e.getValue();
      if (v instanceof MetadataValue.StringValue s) {
        g.writeString(s.value());
      } else if (v instanceof MetadataValue.IntegerValue i) {
        g.writeNumber(i.value());
      } else if (v instanceof MetadataValue.NumberValue n) {
        g.writeNumber(n.value());
      } else {
        g.writeBoolean(((MetadataValue.BooleanValue) v).value());
      }
    }
    g.writeEndObject();
    g.writeStringField("external_id", c.externalId());
    g.writeStringField("email", c.email());
    g.writeBooleanField("email_verified", c.emailVerified());
    if (c.type() != null) {
      g.writeStringField("type", c.type().value());
    }
    g.writeStringField("name", c.name());
    g.writeStringField("billing_name", c.billingName());
    Address a = c.billingAddress();
    if (a == null) {
      g.writeNullField("billing_address");
    } else {
      g.writeObjectFieldStart("billing_address");
      g.writeStringField("line1", a.line1());
      g.writeStringField("line2", a.line2());
      g.writeStringField("postal_code", a.postalCode());
      g.writeStringField("city", a.city());
      g.writeStringField("state", a.state());
      g.writeStringField("country", a.country().value());
      g.writeEndObject();
    }
    if (c.taxId() == null) {
      g.writeNullField("tax_id");
    } else {
      g.writeArrayFieldStart("tax_id");
      g.writeString(c.taxId().value());
      g.writeString(c.taxId().format().value());
      g.writeEndArray();
    }
    g.writeStringField("locale", c.locale());
    g.writeStringField("organization_id", c.organizationId().toString());
    g.writeStringField(
        "default_payment_method_id",
        c.defaultPaymentMethodId() == null ? null : c.defaultPaymentMethodId().toString());
    writeTimestamp(g, "deleted_at", c.deletedAt());
    writeTimestamp(g, "first_user_event_at", c.firstUserEventAt());
    g.writeStringField("avatar_url", c.avatarUrl());
    g.writeEndObject();
  }

  private static void writeTimestamp(JsonGenerator g, String name, PolarTimestamp t)
      throws IOException {
    g.writeStringField(name, t == null ? null : t.toString());
  }

  private static void writeNullableLong(JsonGenerator g, String name, Long value)
      throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value.longValue());
    }
  }
}
