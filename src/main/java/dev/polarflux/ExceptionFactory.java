package dev.polarflux;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polarflux.internal.DecodeException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.PrematureCloseException;

/** The one place that turns responses and transport failures into {@link PolarException}s. */
final class ExceptionFactory {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int EXCERPT = 200;

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
  static PolarException fromResponse(
      int status, String retryAfter, String body, int page, String secret) {
    JsonNode json = parse(body);
    String where = " on page " + page;
    switch (status) {
      case 401 -> {
        String code = text(json, "error");
        String description = text(json, "error_description");
        if (description == null) {
          description = text(json, "detail");
        }
        code = redact(code, secret);
        description = redact(description, secret);
        return new PolarUnauthorizedException(
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
        return new PolarNotFoundException(
            "Polar answered 404 Not Found"
                + (detail == null ? "" : " (" + detail + ")")
                + where
                + ": check the base URL and the Polar-Version header",
            page,
            detail);
      }
      case 422 -> {
        List<ValidationError> errors = validationErrors(json, secret);
        return new PolarValidationException(
            "Polar answered 422 Unprocessable Entity"
                + where
                + (errors.isEmpty() ? "" : ": " + errors),
            page,
            errors);
      }
      case 429 -> {
        Duration wait = retryAfter(retryAfter);
        return new PolarRateLimitException(
            "Polar answered 429 Too Many Requests"
                + where
                + (wait == null ? "" : " (Retry-After " + wait.toSeconds() + "s)"),
            page,
            wait);
      }
      default -> {
        String excerpt = excerpt(body, secret);
        if (status >= 500 && status <= 599) {
          return new PolarServerException(
              "Polar answered " + status + where + excerpt, page, status, retryAfter(retryAfter));
        }
        return new PolarClientException(
            "Polar answered unexpected status " + status + where + excerpt, page, status);
      }
    }
  }

  /** A 200 response whose body is not a decodable page. */
  static PolarDecodingException undecodable(String problem, int page, Throwable cause) {
    return new PolarDecodingException(
        "Polar's response for page " + page + " could not be decoded: " + problem,
        page,
        200,
        cause);
  }

  /** Maps a failure of one request attempt; {@link PolarException}s pass through unchanged. */
  static Throwable fromFailure(Throwable failure, int page, Duration responseTimeout) {
    if (failure instanceof PolarException) {
      return failure;
    }
    String where = " on page " + page;
    if (failure instanceof TimeoutException || failure instanceof ReadTimeoutException) {
      return new PolarTimeoutException(
          "No complete response within " + describe(responseTimeout) + where,
          page,
          PolarTimeoutException.Kind.RESPONSE,
          responseTimeout,
          null);
    }
    if (failure instanceof ConnectTimeoutException) {
      return new PolarTimeoutException(
          "Connecting timed out" + where, page, PolarTimeoutException.Kind.CONNECT, null, null);
    }
    if (failure instanceof AbortedException) {
      // Typically a pooled connection the server had closed: a fresh attempt goes through.
      return new PolarConnectionException(
          "The connection was closed before the request was sent" + where, page, null);
    }
    if (failure instanceof PrematureCloseException) {
      return new PolarConnectionException(
          "The connection closed before the response was complete" + where, page, null);
    }
    if (failure instanceof DecodeException || failure instanceof JacksonException) {
      return undecodable(describeDecoding(failure), page, null);
    }
    if (failure instanceof ConnectException) {
      return new PolarConnectionException("Could not connect" + where, page, null);
    }
    if (failure instanceof IOException) {
      return new PolarConnectionException(
          "The connection failed" + where + " (" + failure.getClass().getSimpleName() + ")",
          page,
          null);
    }
    return failure;
  }

  /**
   * No connection of the pool became free within {@code limit}: not the server's doing, it never
   * saw the request.
   */
  static PolarTimeoutException poolTimeout(int page, Duration limit, Throwable cause) {
    return new PolarTimeoutException(
        "No connection of the pool became free within " + describe(limit) + " on page " + page,
        page,
        PolarTimeoutException.Kind.CONNECT,
        limit,
        cause);
  }

  /** The deadline of a whole listing ran out while {@code page} was pending. */
  static PolarTimeoutException deadline(Duration deadline, int page) {
    return new PolarTimeoutException(
        "The listing did not complete within its deadline of "
            + describe(deadline)
            + " (page "
            + page
            + " pending)",
        page,
        PolarTimeoutException.Kind.DEADLINE,
        deadline,
        null);
  }

  static PolarDriftException drift(String message, int page) {
    return new PolarDriftException(message, page);
  }

  /**
   * Parses a {@code Retry-After} value: delta-seconds or an HTTP-date.
   *
   * @return the wait, never negative, or {@code null} when absent or unreadable
   */
  static Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
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

  private static String describe(Duration d) {
    if (d == null) {
      return "the configured time";
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private static List<ValidationError> validationErrors(JsonNode json, String secret) {
    List<ValidationError> errors = new ArrayList<>();
    JsonNode detail = json == null ? null : json.get("detail");
    if (detail == null || !detail.isArray()) {
      return errors;
    }
    for (JsonNode entry : detail) {
      List<String> location = new ArrayList<>();
      JsonNode loc = entry.get("loc");
      if (loc != null && loc.isArray()) {
        loc.forEach(part -> location.add(part.asText()));
      }
      JsonNode input = entry.get("input");
      errors.add(
          new ValidationError(
              redact(orEmpty(text(entry, "type")), secret),
              location,
              redact(orEmpty(text(entry, "msg")), secret),
              input == null || input.isNull()
                  ? null
                  : redact(input.isTextual() ? input.asText() : input.toString(), secret)));
    }
    return errors;
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readTree(body);
    } catch (JacksonException notJson) {
      return null;
    }
  }

  private static String text(JsonNode json, String field) {
    if (json == null) {
      return null;
    }
    JsonNode node = json.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String excerpt(String body, String secret) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String oneLine = body.replaceAll("\\s+", " ").trim();
    if (oneLine.length() > EXCERPT) {
      oneLine = oneLine.substring(0, EXCERPT) + "...";
    }
    return ": " + redact(oneLine, secret);
  }

  static String redact(String text, String secret) {
    if (text == null || secret == null || secret.isEmpty()) {
      return text;
    }
    return text.replace(secret, "<redacted>");
  }
}
