package dev.polarflux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.model.CountryCode;
import dev.polarflux.model.LicenseKeyStatus;
import org.junit.jupiter.api.Test;

class CharTableTest {

  private final CharTable<CountryCode> countries =
      new CharTable<>(CountryCode.known(), CountryCode::value);

  @Test
  void knownValue_isFoundFromItsCharacters_asTheSharedInstance() {
    char[] buffer = "xxUSyy".toCharArray();

    assertThat(countries.get(buffer, 2, 2)).isSameAs(CountryCode.of("US"));
    assertThat(CountryCode.known()).hasSize(249).allSatisfy(c -> assertThat(c.isKnown()).isTrue());
  }

  @Test
  void everyKnownValue_isFound() {
    for (CountryCode c : CountryCode.known()) {
      char[] chars = c.value().toCharArray();
      assertThat(countries.get(chars, 0, chars.length)).isSameAs(c);
    }
  }

  @Test
  void unknownOrPartialText_isNotFound() {
    assertThat(countries.get("XK".toCharArray(), 0, 2)).isNull();
    assertThat(countries.get("USA".toCharArray(), 0, 3)).isNull();
    assertThat(countries.get("U".toCharArray(), 0, 1)).isNull();
    CharTable<LicenseKeyStatus> statuses =
        new CharTable<>(LicenseKeyStatus.known(), LicenseKeyStatus::value);
    assertThat(statuses.get("granted".toCharArray(), 0, 7)).isSameAs(LicenseKeyStatus.GRANTED);
    assertThat(statuses.get("grantee".toCharArray(), 0, 7)).isNull();
  }
}
