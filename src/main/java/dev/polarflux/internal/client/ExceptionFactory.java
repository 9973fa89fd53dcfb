package dev.polarflux.internal.client;

import com.fasterxml.jackson.core.JacksonException;
import dev.polarflux.PolarConnectionException;
import dev.polarflux.PolarDeadlineException;
import dev.polarflux.PolarDecodingException;
import dev.polarflux.PolarDriftException;
import dev.polarflux.PolarException;
import dev.polarflux.PolarRequestException;
import dev.polarflux.PolarTimeoutException;
import dev.polarflux.ValidationError;
import dev.polarflux.internal.DecodeException;
import dev.polarflux.internal.JsonValue;
import dev.polarflux.model.Pagination;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** The one place that turns responses and transport failures into {@link PolarException}s. */
public final class ExceptionFactory {

  private static final int EXCERPT = 200;
  private static final String REDACTED = "<redacted>";

  /** A Polar token, or the credentials after {@code Bearer}. */
  private static final Pattern TOKEN_LIKE =
      Pattern.compile(
          "polar_[a-z]+_[a-z0-9_\\-]+|(?<=bearer\\s{1,16})[^\\s\"',;<>]+",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  /**
   * RFC 850 after its day name: {@code 06-Nov-94 08:49:37 GMT}. The day name is left out, since
   * with a two-digit year it would be checked against the wrong century.
   */
  private static final DateTimeFormatter RFC_850 =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendPattern("dd-MMM-")
          .appendValueReduced(ChronoField.YEAR, 2, 2, 2000)
          .appendPattern(" HH:mm:ss zzz")
          .toFormatter(Locale.US);

  /** ANSI C's asctime after its day name, spaces folded: {@code Nov 6 08:49:37 1994}, in GMT. */
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy", Locale.US);

  private ExceptionFactory() {}

  /**
   * Maps a response that was not a successful page.
   *
   * @param status the HTTP status
   * @param retryAfter the raw {@code Retry-After} header, or {@code null}
   * @param body the body, possibly truncated, possibly empty
   * @param page the page requested
   * @param secret text that must not appear in the message (the token), or {@code null}
   */
  public static PolarException fromResponse(
      int status, String retryAfter, String body, int page, String secret) {
    return fromResponse(status, retryAfter, body, page, secret, System.currentTimeMillis());
  }

  /**
   * Maps a response that was not a successful page, reading an HTTP-date {@code Retry-After}
   * against {@code nowMillis}, the client scheduler's clock.
   */
  public static PolarException fromResponse(
      int status, String retryAfter, String body, int page, String secret, long nowMillis) {
    return fromResponse(status, retryAfter, body, Site.page(page), secret, nowMillis);
  }

  /**
   * Maps a response that was not a success for {@code site}, reading an HTTP-date {@code
   * Retry-After} against {@code nowMillis}.
   */
  public static PolarException fromResponse(
      int status, String retryAfter, String body, Site site, String secret, long nowMillis) {
    JsonValue json = JsonValue.parse(body);
    String where = site.where();
    int page = site.page();
    switch (status) {
      case 401 -> {
        String code = text(json, "error");
        String description = text(json, "error_description");
        if (description == null) {
          description = text(json, "detail");
        }
        code = redact(code, secret);
        description = redact(description, secret);
        return Errors.get()
            .unauthorized(
                "Polar answered 401 Unauthorized"
                    + (code == null
                        ? ""
                        : " (" + code + (description == null ? "" : ": " + description) + ")")
                    + where,
                page,
                code,
                description);
      }
      case 404 -> {
        String detail = redact(text(json, "detail"), secret);
        return Errors.get()
            .notFound(
                "Polar answered 404 Not Found"
                    + (detail == null ? "" : " (" + detail + ")")
                    + where
                    + (site.isPage() ? ": check the base URL and the Polar-Version header" : ""),
                page,
                detail);
      }
      case 403 -> {
        String detail = redact(text(json, "detail"), secret);
        return Errors.get()
            .notPermitted(
                "Polar answered 403 Forbidden"
                    + (detail == null ? "" : " (" + detail + ")")
                    + where,
                page,
                detail);
      }
      case 400 -> {
        String detail = redact(text(json, "detail"), secret);
        return Errors.get()
            .client(
                "Polar answered 400 Bad Request"
                    + (detail == null ? excerpt(body, secret) : " (" + detail + ")")
                    + where,
                page,
                400);
      }
      case 422 -> {
        List<ValidationError> errors = validationErrors(json, secret);
        return Errors.get()
            .validation(
                "Polar answered 422 Unprocessable Entity"
                    + where
                    + (errors.isEmpty() ? "" : ": " + errors),
                page,
                errors);
      }
      case 429 -> {
        Duration wait = retryAfter(retryAfter, nowMillis);
        return Errors.get()
            .rateLimited(
                "Polar answered 429 Too Many Requests"
                    + where
                    + (wait == null ? "" : " (Retry-After " + wait.toSeconds() + "s)"),
                page,
                wait);
      }
      default -> {
        String excerpt = excerpt(body, secret);
        if (status >= 500 && status <= 599) {
          return Errors.get()
              .server(
                  "Polar answered " + status + where + excerpt,
                  page,
                  status,
                  retryAfter(retryAfter, nowMillis));
        }
        return Errors.get()
            .client("Polar answered unexpected status " + status + where + excerpt, page, status);
      }
    }
  }

  /**
   * A 200 response whose body is not a decodable page. The problem may quote the response, so it is
   * redacted.
   */
  public static PolarDecodingException undecodable(String problem, int page, Throwable cause) {
    return undecodable(problem, Site.page(page), 200, cause);
  }

  /** A successful response to {@code site} whose body cannot be decoded. */
  public static PolarDecodingException undecodable(
      String problem, Site site, int status, Throwable cause) {
    return Errors.get()
        .decoding(
            "Polar's response "
                + (site.isPage() ? "for " : "to ")
                + site.subject()
                + " could not be decoded: "
                + redact(problem, null),
            site.page(),
            status,
            cause);
  }

  /** Maps a failure of one request attempt; {@link PolarException}s pass through unchanged. */
  public static Throwable fromFailure(Throwable failure, int page, Duration responseTimeout) {
    return fromFailure(failure, page, responseTimeout, null, null);
  }

  /**
   * Maps a failure of one request attempt; {@link PolarException}s pass through unchanged. The
   * mapped error keeps the failure as its cause.
   *
   * @param endpoint {@code host:port} of the server, named in connection errors, or {@code null}
   * @param secret text that must not appear in the message (the token), or {@code null}
   */
  public static Throwable fromFailure(
      Throwable failure, int page, Duration responseTimeout, String endpoint, String secret) {
    return fromFailure(failure, Site.page(page), responseTimeout, endpoint, secret);
  }

  /** Maps a failure of one request attempt for {@code site}; see the page variant. */
  public static Throwable fromFailure(
      Throwable failure, Site site, Duration responseTimeout, String endpoint, String secret) {
    if (failure instanceof PolarException) {
      return failure;
    }
    String where = site.where();
    int page = site.page();
    String to = endpoint == null ? "" : " to " + endpoint;
    String from = endpoint == null ? "" : " from " + endpoint;
    if (failure instanceof TimeoutException) {
      return responseTimedOut(site, responseTimeout, failure);
    }
    if (failure instanceof MalformedResponseException malformed) {
      // No cause: the decoder's message may quote what the server sent.
      return Errors.get()
          .connection(
              "The response"
                  + from
                  + where
                  + " is not valid HTTP: "
                  + redact(malformed.problem(), secret),
              page,
              null);
    }
    if (failure instanceof TransportFailure t) {
      return switch (t.kind()) {
        case CONNECT_TIMEOUT ->
            Errors.get()
                .timeout(
                    "Connecting" + to + " timed out" + where,
                    page,
                    PolarTimeoutException.Kind.CONNECT,
                    null,
                    t.getCause());
        // Typically a pooled connection the server had closed: a fresh attempt goes through.
        case NOT_SENT ->
            Errors.get()
                .connection(
                    "The connection" + to + " was closed before the request was sent" + where,
                    page,
                    t.getCause());
        case CLOSED_EARLY ->
            Errors.get()
                .connection(
                    "The connection" + to + " closed before the response was complete" + where,
                    page,
                    t.getCause());
        case READ_TIMEOUT -> responseTimedOut(site, responseTimeout, t.getCause());
      };
    }
    if (failure instanceof DecodeException || failure instanceof JacksonException) {
      // No cause: a parser's message may quote the body, and with it a secret.
      return undecodable(redact(describeDecoding(failure), secret), site, 200, null);
    }
    if (failure instanceof ConnectException) {
      return Errors.get().connection("Could not connect" + to + where, page, failure);
    }
    if (failure instanceof IOException) {
      return Errors.get()
          .connection(
              "The connection"
                  + to
                  + " failed"
                  + where
                  + " ("
                  + failure.getClass().getSimpleName()
                  + ")",
              page,
              failure);
    }
    return failure;
  }

  private static PolarTimeoutException responseTimedOut(
      Site site, Duration responseTimeout, Throwable cause) {
    return Errors.get()
        .timeout(
            "No complete response within " + describe(responseTimeout) + site.where(),
            site.page(),
            PolarTimeoutException.Kind.RESPONSE,
            responseTimeout,
            cause);
  }

  /** The rate budget could not be asked for a slot (a shared budget's store failed). */
  public static PolarConnectionException budgetFailed(Site site, Throwable cause) {
    return Errors.get()
        .connection(
            "The rate budget failed" + site.where() + ": " + redact(cause.getMessage(), null),
            site.page(),
            cause);
  }

  /** The client was closed before {@code page} was requested. */
  public static PolarRequestException closed(int page) {
    return closed(Site.page(page));
  }

  /** The client was closed before {@code site} was requested. */
  public static PolarRequestException closed(Site site) {
    PolarRequestException e =
        Errors.get()
            .request(
                "The PolarClient is closed: " + site.subject() + " was not requested",
                site.page(),
                null);
    Errors.get().markUnsent(e);
    return e;
  }

  /** The token supplier failed, completed empty or gave a value that cannot be sent. */
  public static PolarRequestException tokenSupplier(String problem, Site site, Throwable cause) {
    PolarRequestException e =
        Errors.get()
            .request(
                "The token supplier " + problem + "; " + site.subject() + " was not requested",
                site.page(),
                cause);
    Errors.get().markUnsent(e);
    return e;
  }

  /**
   * No connection of the pool became free within {@code limit}: not the server's doing, it never
   * saw the request.
   */
  public static PolarTimeoutException poolTimeout(Site site, Duration limit, Throwable cause) {
    return Errors.get()
        .timeout(
            "No connection of the pool became free within " + describe(limit) + site.where(),
            site.page(),
            PolarTimeoutException.Kind.CONNECT,
            limit,
            cause);
  }

  /** The deadline of a whole listing ran out while {@code page} was pending. */
  public static PolarDeadlineException deadline(Duration deadline, int page) {
    return Errors.get()
        .deadline(
            "The listing did not complete within its deadline of "
                + describe(deadline)
                + " (page "
                + page
                + " pending)",
            page,
            deadline);
  }

  /** The deadline of one operation ran out (its budget waits and retries included). */
  public static PolarDeadlineException deadline(Duration deadline, Site site) {
    return Errors.get()
        .deadline(
            "The call did not complete within its deadline of " + describe(deadline) + site.where(),
            site.page(),
            deadline);
  }

  /** With {@code DriftPolicy.FAIL}: page {@code page} reports other totals than the first did. */
  public static PolarDriftException listingChanged(int page, Pagination now, Pagination first) {
    return Errors.get()
        .drift(
            "The listing changed while it was read: page "
                + page
                + " reports total_count "
                + now.totalCount()
                + " and max_page "
                + now.maxPage()
                + ", the first page reported "
                + first.totalCount()
                + " and "
                + first.maxPage(),
            page);
  }

  /**
   * A streamed page retried after {@code delivered} of its keys went downstream no longer starts
   * with them.
   */
  public static PolarDriftException pageShifted(int page, int delivered) {
    return Errors.get()
        .drift(
            "Page "
                + page
                + " changed between attempts: the retried page no longer starts with the "
                + delivered
                + " keys already read from it",
            page);
  }

  /**
   * Parses a {@code Retry-After} value against the wall clock; see {@link #retryAfter(String,
   * long)}.
   */
  public static Duration retryAfter(String value) {
    return retryAfter(value, System.currentTimeMillis());
  }

  /**
   * Parses a {@code Retry-After} value: delta-seconds, or an HTTP-date in any of the three formats
   * HTTP requires recipients to accept (RFC 1123, RFC 850, asctime).
   *
   * @param nowMillis the current time in epoch milliseconds, for an HTTP-date
   * @return the wait, never negative; {@code Long.MAX_VALUE} seconds for delta-seconds too large to
   *     represent (so that it is over any cap); {@code null} when absent or unreadable
   */
  public static Duration retryAfter(String value, long nowMillis) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (DIGITS.matcher(v).matches()) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException tooLarge) {
        return Duration.ofSeconds(Long.MAX_VALUE);
      }
    }
    ZonedDateTime at = httpDate(v, nowMillis);
    if (at == null) {
      return null;
    }
    long wait = at.toInstant().toEpochMilli() - nowMillis;
    return wait <= 0 ? Duration.ZERO : Duration.ofMillis(wait);
  }

  private static ZonedDateTime httpDate(String v, long nowMillis) {
    try {
      return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
    } catch (DateTimeParseException notRfc1123) {
      // fall through to the obsolete formats
    }
    try {
      // RFC 850 has a two-digit year: one more than 50 years ahead is in the past century.
      ZonedDateTime at = ZonedDateTime.parse(afterDayName(v), RFC_850);
      int thisYear = Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC).getYear();
      int year = thisYear - Math.floorMod(thisYear, 100) + at.getYear() % 100;
      if (year > thisYear + 50) {
        year -= 100;
      }
      return at.withYear(year);
    } catch (DateTimeParseException notRfc850) {
      // fall through
    }
    try {
      return LocalDateTime.parse(afterDayName(v.replaceAll(" +", " ")), ASCTIME)
          .atZone(ZoneOffset.UTC);
    } catch (DateTimeParseException notAsctime) {
      return null;
    }
  }

  /** The date after its leading day name ({@code "Sunday, "} or {@code "Sun "}). */
  private static String afterDayName(String date) {
    int comma = date.indexOf(',');
    int space = date.indexOf(' ');
    int cut = comma >= 0 && comma < space ? comma + 1 : space;
    return cut < 0 ? date : date.substring(cut).trim();
  }

  private static String describeDecoding(Throwable failure) {
    if (failure instanceof JacksonException jackson) {
      String message = jackson.getOriginalMessage();
      int newline = message.indexOf('\n');
      String first = newline < 0 ? message : message.substring(0, newline);
      return "malformed JSON: "
          + first
          + (jackson.getLocation() == null
              ? ""
              : " (line "
                  + jackson.getLocation().getLineNr()
                  + ", column "
                  + jackson.getLocation().getColumnNr()
                  + ")");
    }
    return failure.getMessage();
  }

  public static String describe(Duration d) {
    if (d == null) {
      return "the configured time";
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private static List<ValidationError> validationErrors(JsonValue json, String secret) {
    List<ValidationError> errors = new ArrayList<>();
    JsonValue detail = json == null ? null : json.get("detail");
    if (detail == null || !detail.isArray()) {
      return errors;
    }
    for (JsonValue entry : detail.elements()) {
      List<String> location = new ArrayList<>();
      JsonValue loc = entry.get("loc");
      if (loc != null && loc.isArray()) {
        loc.elements().forEach(part -> location.add(part.asText()));
      }
      JsonValue input = entry.get("input");
      errors.add(
          new ValidationError(
              redact(orEmpty(text(entry, "type")), secret),
              location,
              redact(orEmpty(text(entry, "msg")), secret),
              input == null || input.isNull()
                  ? null
                  : redact(input.isText() ? input.asText() : input.toString(), secret)));
    }
    return errors;
  }

  private static String text(JsonValue json, String field) {
    if (json == null) {
      return null;
    }
    JsonValue node = json.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String excerpt(String body, String secret) {
    if (body == null || body.isBlank()) {
      return "";
    }
    // Redact before cutting, so that no part of a secret survives the cut.
    String oneLine = redact(body, secret).replaceAll("\\s+", " ").trim();
    if (oneLine.length() > EXCERPT) {
      oneLine = oneLine.substring(0, EXCERPT) + "...";
    }
    return ": " + oneLine;
  }

  /**
   * Removes secrets from text that came from the server or from a failure: the configured token,
   * anything shaped like a Polar token ({@code polar_} + kind + {@code _} + the rest), and the
   * credentials of any {@code Bearer} authorization.
   */
  /**
   * Replaces a license key a request carried, as written and as a JSON string would escape it, in a
   * body about to be read for an error message.
   */
  public static String redactLicenseKey(String body, String licenseKey) {
    if (body == null || licenseKey == null || licenseKey.isEmpty()) {
      return body;
    }
    String escaped = new String(jsonEscaped(licenseKey));
    String s = body.replace(licenseKey, REDACTED);
    return escaped.equals(licenseKey) ? s : s.replace(escaped, REDACTED);
  }

  private static char[] jsonEscaped(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString().toCharArray();
  }

  public static String redact(String text, String secret) {
    if (text == null) {
      return null;
    }
    String s = secret == null || secret.isEmpty() ? text : text.replace(secret, REDACTED);
    return TOKEN_LIKE.matcher(s).replaceAll(REDACTED);
  }
}
