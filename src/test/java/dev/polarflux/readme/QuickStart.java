package dev.polarflux.readme;

// readme:begin
import dev.polarflux.LicenseKeyQuery;
import dev.polarflux.PolarClient;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import java.time.Duration;
import java.util.UUID;

/** Prints the display keys of a customer's granted license keys for one benefit. */
public class QuickStart {

  public static void main(String[] args) {
    UUID benefitId = UUID.fromString(args[0]);
    String baseUrl = System.getenv().getOrDefault("POLAR_BASE_URL", PolarClient.PRODUCTION_URL);
    String token = System.getenv("POLAR_CUSTOMER_SESSION"); // a customer session token

    try (PolarClient polar = PolarClient.create().baseUrl(baseUrl).token(token)) {
      polar
          .licenseKeys(LicenseKeyQuery.create().benefitId(benefitId))
          .filter(key -> key.status().equals(LicenseKeyStatus.GRANTED))
          .map(LicenseKeyRead::displayKey)
          .doOnNext(System.out::println)
          // Reactor's threads are daemon threads: without waiting, main returns and the JVM
          // exits before the first page arrives.
          .blockLast(Duration.ofMinutes(5));
    }
  }
}
// readme:end
