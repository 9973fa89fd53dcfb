package dev.polarflux.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolarTimestampTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-03-11T21:16:32.185200Z",
        "2024-03-11T21:16:32Z",
        "2024-03-11T21:16:32.185Z",
        "2024-03-11T21:16:32.000000Z",
        "2024-03-11T21:16:32.185200+00:00",
        "2024-03-11T22:16:32.185200+01:00",
        "2024-03-11T21:16Z"
      })
  void parse_keepsTheTextAndGivesTheInstant(String text) {
    PolarTimestamp t = PolarTimestamp.parse(text);

    assertThat(t.toString()).isEqualTo(text);
    assertThat(t.toOffsetDateTime()).isEqualTo(OffsetDateTime.parse(text));
    assertThat(t.toInstant()).isEqualTo(OffsetDateTime.parse(text).toInstant());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-02-30T00:00:00Z",
        "2025-03-01T09:15:30",
        "2025-03-01T09:15:30+18:30",
        "2025-03-01T09:15:30.1234567891Z",
        "yesterday",
        ""
      })
  void parse_notATimestamp_failsAtOnceWithAParseError(String text) {
    assertThatThrownBy(() -> PolarTimestamp.parse(text)).isInstanceOf(DateTimeParseException.class);
  }

  @Test
  void of_writesPolarsSixDigitForm() {
    OffsetDateTime t = OffsetDateTime.of(2024, 3, 11, 21, 16, 32, 185_200_000, ZoneOffset.UTC);

    assertThat(PolarTimestamp.of(t)).hasToString("2024-03-11T21:16:32.185200Z");
    assertThat(PolarTimestamp.of(t.withNano(0))).hasToString("2024-03-11T21:16:32Z");
    assertThat(PolarTimestamp.of(Instant.parse("2024-03-11T21:16:32.1852Z")))
        .isEqualTo(PolarTimestamp.parse("2024-03-11T21:16:32.185200Z"));
  }

  @Test
  void sameInstantWrittenTwoWays_differentValues_orderedByInstantThenText() {
    PolarTimestamp z = PolarTimestamp.parse("2024-03-11T21:16:32Z");
    PolarTimestamp offset = PolarTimestamp.parse("2024-03-11T21:16:32+00:00");
    PolarTimestamp later = PolarTimestamp.parse("2024-03-11T21:16:32.000001Z");

    assertThat(z).isNotEqualTo(offset).isEqualTo(PolarTimestamp.parse("2024-03-11T21:16:32Z"));
    assertThat(z).hasSameHashCodeAs(PolarTimestamp.parse("2024-03-11T21:16:32Z"));
    assertThat(z.toInstant()).isEqualTo(offset.toInstant());
    assertThat(z.compareTo(offset)).isNotZero().isEqualTo(-offset.compareTo(z));
    assertThat(z).isLessThan(later);
    assertThat(offset).isLessThan(later);
    assertThat(later.isAfter(z)).isTrue();
    assertThat(z.isBefore(later)).isTrue();
    assertThat(z.isBefore(offset)).isFalse();
  }
}
