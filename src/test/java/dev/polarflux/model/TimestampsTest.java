package dev.polarflux.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-03-01T09:15:30Z",
        "2025-03-01T09:15:30.1Z",
        "2025-03-01T09:15:30.123456Z",
        "2025-03-01T09:15:30.123456789Z",
        "2025-03-01T09:15:30+00:00",
        "2025-03-01T09:15:30.5-05:30",
        "2025-03-01T09:15:30+14:00",
        "2025-03-01t09:15:30z",
        "2025-03-01T09:15Z",
        "2024-02-29T23:59:59.999999Z"
      })
  void parse_agreesWithOffsetDateTimeParse(String text) {
    OffsetDateTime expected = OffsetDateTime.parse(text.toUpperCase());

    assertThat(Timestamps.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-13-01T00:00:00Z",
        "2025-02-30T00:00:00Z",
        "2025-03-01T24:00:00Z",
        "2025-03-01T09:15:30",
        "2025-03-01T09:15:30+25:00",
        "2025-03-01T09:15:30+18:01",
        "2025-03-01 09:15:30Z",
        "yesterday"
      })
  void parse_rejectsInvalidTimestamps(String text) {
    assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "2025-03-01T09:15:00Z, 2025-03-01T09:15:00Z",
    "2025-03-01T09:15:30.120Z, 2025-03-01T09:15:30.120000Z",
    "2025-03-01T09:15:30.000000001Z, 2025-03-01T09:15:30.000000001Z",
    "2025-03-01T09:15:30+00:00, 2025-03-01T09:15:30Z",
    "2025-03-01T09:15:30-05:30, 2025-03-01T09:15:30-05:30"
  })
  void format_writesSecondsAndMicrosecondsLikePolar(String input, String expected) {
    assertThat(Timestamps.format(OffsetDateTime.parse(input))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-03-01T09:15:30Z",
        "2025-03-01T09:15:30.123456Z",
        "2025-03-01T09:15:30.123456789-05:30",
        "2024-02-29T23:59:59.999999+18:00"
      })
  void isValid_polarsForms(String text) {
    assertThat(Timestamps.isValid(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-03-01T09:15Z",
        "2023-02-29T00:00:00Z",
        "2025-04-31T00:00:00Z",
        "2025-00-01T00:00:00Z",
        "2025-03-01T09:15:60Z",
        "2025-03-01T09:15:30+18:30",
        "2025-03-01T09:15:30"
      })
  void isValid_otherFormsAndInvalidTimes_false(String text) {
    assertThat(Timestamps.isValid(text)).isFalse();
  }
}
