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
import java.util.Arrays;
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
  private static final KeyField[] KEY_FIELDS = KeyField.values();
  private static final CustomerField[] CUSTOMER_FIELDS = CustomerField.values();
  static final List<Field<LicenseKeyRead>> KEY =
      Arrays.stream(KEY_FIELDS).map(KeyField::field).toList();
  private static final List<Field<LicenseKeyCustomer>> CUSTOMER =
      Arrays.stream(CUSTOMER_FIELDS).map(CustomerField::field).toList();
  private static final FieldOrder KEY_ORDER = new FieldOrder(KEY);
  private static final FieldOrder CUSTOMER_ORDER = new FieldOrder(CUSTOMER);
  static final int END_OF_OBJECT = -2;

  // The fields that must be present and not null, as bits of their positions.
  private static final int KEY_REQUIRED = Field.requiredBits(KEY);
  private static final int CUSTOMER_REQUIRED = Field.requiredBits(CUSTOMER);

  private LicenseKeyCodec() {}

  /**
   * The fields of one object in the order Polar writes them. Reading expects that order and
   * compares the raw bytes of the next name with the expected one, which is much cheaper than
   * looking a name up; any other order still works, name by name.
   */
  static final class FieldOrder {
    private final String[] names;
    private final SerializedString[] expected;
    private final Map<String, Integer> index = new HashMap<>();

    /** The JSON name of the field at {@code position}. */
    String name(int position) {
      return names[position];
    }

    FieldOrder(List<? extends Field<?>> fields) {
      names = new String[fields.size()];
      expected = new SerializedString[fields.size()];
      for (int i = 0; i < names.length; i++) {
        names[i] = fields.get(i).jsonName();
        expected[i] = fields.get(i).serializedName();
        index.put(names[i], i);
      }
    }
  }

  /**
   * Moves to the next field of an object and returns its position in {@code order}, {@code -1} for
   * a field the order does not know, or {@link #END_OF_OBJECT}.
   */
  static int nextField(JsonParser p, FieldOrder order, int next) throws IOException {
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
    return readKey(p, null);
  }

  /**
   * A field a larger object adds to a license key's ({@code activations}, {@code activation}): the
   * key reader hands it every field it does not know.
   */
  interface ExtraField {
    /**
     * Reads the value of field {@code name} if it is this one; the parser is on the field name.
     *
     * @return {@code false} to have the value skipped
     */
    boolean read(String name, JsonParser p) throws IOException;
  }

  /** Decodes one license key whose object may hold a field {@code extra} reads. */
  static LicenseKeyRead readKey(JsonParser p, ExtraField extra) throws IOException {
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
      if (field < 0) {
        if (extra == null || !extra.read(p.currentName(), p)) {
          skip(p);
        }
        continue;
      }
      next = field + 1;
      seen |= 1 << field;
      switch (KEY_FIELDS[field]) {
        case ID -> id = readUuid(p, false);
        case CREATED_AT -> createdAt = readTimestamp(p, false);
        case MODIFIED_AT -> modifiedAt = readTimestamp(p, true);
        case ORGANIZATION_ID -> organizationId = readUuid(p, false);
        case CUSTOMER_ID -> customerId = readUuid(p, false);
        case CUSTOMER -> {
          expectObject(p);
          customer = readCustomer(p);
        }
        case BENEFIT_ID -> benefitId = readUuid(p, false);
        case KEY -> key = readString(p, false);
        case DISPLAY_KEY -> displayKey = readString(p, false);
        case STATUS -> status = readOpen(p, false, STATUSES, LicenseKeyStatus::of);
        case LIMIT_ACTIVATIONS -> limitActivations = readNullableLong(p);
        case USAGE -> usage = readLong(p);
        case LIMIT_USAGE -> limitUsage = readNullableLong(p);
        case VALIDATIONS -> validations = readLong(p);
        case LAST_VALIDATED_AT -> lastValidatedAt = readTimestamp(p, true);
        case EXPIRES_AT -> expiresAt = readTimestamp(p, true);
        case USER_ID -> userId = readUuid(p, true);
        case USER -> user = readUser(p);
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
      if (field < 0) {
        skip(p);
        continue;
      }
      next = field + 1;
      seen |= 1 << field;
      switch (CUSTOMER_FIELDS[field]) {
        case ID -> id = readUuid(p, false);
        case CREATED_AT -> createdAt = readTimestamp(p, false);
        case MODIFIED_AT -> modifiedAt = readTimestamp(p, true);
        case METADATA -> metadata = readMetadata(p);
        case EXTERNAL_ID -> externalId = readString(p, true);
        case EMAIL -> email = readString(p, true);
        case EMAIL_VERIFIED -> emailVerified = readBoolean(p);
        case TYPE -> type = readOpen(p, true, CUSTOMER_TYPES, CustomerType::of);
        case NAME -> name = readString(p, true);
        case BILLING_NAME -> billingName = readString(p, true);
        case BILLING_ADDRESS -> billingAddress = readAddress(p);
        case TAX_ID -> taxId = readTaxId(p);
        case LOCALE -> locale = readString(p, true);
        case ORGANIZATION_ID -> organizationId = readUuid(p, false);
        case DEFAULT_PAYMENT_METHOD_ID -> defaultPaymentMethodId = readUuid(p, true);
        case DELETED_AT -> deletedAt = readTimestamp(p, true);
        case FIRST_USER_EVENT_AT -> firstUserEventAt = readTimestamp(p, true);
        case AVATAR_URL -> avatarUrl = readString(p, true);
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

  static Map<String, MetadataValue> readMetadata(JsonParser p) throws IOException {
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

  static void expectObject(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_OBJECT) {
      throw mismatch(p, "expected an object, found " + describe(t));
    }
  }

  static String readString(JsonParser p, boolean nullable) throws IOException {
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

  static UUID readUuid(JsonParser p, boolean nullable) throws IOException {
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

  static PolarTimestamp readTimestamp(JsonParser p, boolean nullable) throws IOException {
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

  static void skip(JsonParser p) throws IOException {
    p.nextToken();
    p.skipChildren();
  }

  static DecodeException missing(JsonParser p, int seen, int required, FieldOrder order) {
    List<String> absent = new ArrayList<>();
    for (int i = 0; i < order.names.length; i++) {
      if ((required & (1 << i)) != 0 && (seen & (1 << i)) == 0) {
        absent.add(order.names[i]);
      }
    }
    return mismatch(p, "missing required field(s) " + absent);
  }

  static DecodeException mismatch(JsonParser p, String problem) {
    String path = p.getParsingContext().pathAsPointer().toString();
    int line = p.currentLocation().getLineNr();
    return new DecodeException(
        path,
        problem,
        line < 0 ? "" : " (line " + line + ", column " + p.currentLocation().getColumnNr() + ")");
  }

  static String describe(JsonToken t) {
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
    writeFields(g, k, KEY);
  }

  /** Writes a record's fields in their table's order; a field's value decides how it is written. */
  static <R> void writeFields(JsonGenerator g, R record, List<Field<R>> fields) throws IOException {
    g.writeStartObject();
    writeFieldsOf(g, record, fields);
    g.writeEndObject();
  }

  /** Writes a record's fields inside an object already started, for a larger object to go on. */
  static <R> void writeFieldsOf(JsonGenerator g, R record, List<Field<R>> fields)
      throws IOException {
    for (Field<R> f : fields) {
      Object value = f.valueIn(record);
      if (value == null && f.presence() == Field.Presence.OMITTED_WHEN_NULL) {
        continue;
      }
      g.writeFieldName(f.serializedName());
      writeValue(g, value);
    }
  }

  static void writeValue(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Long n) {
      g.writeNumber(n.longValue());
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof LicenseKeyCustomer c) {
      writeFields(g, c, CUSTOMER);
    } else if (value instanceof Map<?, ?> metadata) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : metadata.entrySet()) {
        g.writeFieldName((String) e.getKey());
        writeMetadataValue(g, (MetadataValue) e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof Address a) {
      g.writeStartObject();
      g.writeStringField("line1", a.line1());
      g.writeStringField("line2", a.line2());
      g.writeStringField("postal_code", a.postalCode());
      g.writeStringField("city", a.city());
      g.writeStringField("state", a.state());
      g.writeStringField("country", a.country().value());
      g.writeEndObject();
    } else if (value instanceof TaxId t) {
      g.writeStartArray();
      g.writeString(t.value());
      g.writeString(t.format().value());
      g.writeEndArray();
    } else if (value instanceof LicenseKeyUser u) {
      g.writeStartObject();
      g.writeStringField("id", u.id().toString());
      g.writeStringField("email", u.email());
      g.writeStringField("public_name", u.publicName());
      g.writeStringField("avatar_url", u.avatarUrl());
      g.writeEndObject();
    } else {
      // A UUID, a PolarTimestamp or an open enumeration: its text.
      g.writeString(value.toString());
    }
  }

  private static void writeMetadataValue(JsonGenerator g, MetadataValue v) throws IOException {
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
}
