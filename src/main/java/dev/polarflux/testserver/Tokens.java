package dev.polarflux.testserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The tokens a server accepts: a customer session token ({@code polar_cst_}) per customer of the
 * dataset and an organization access token ({@code polar_oat_}) per organisation, all random.
 * Looked up by their SHA-256 digest, so that how long a lookup takes does not tell how much of a
 * guessed token was right.
 */
final class Tokens {

  /**
   * Who a token speaks for.
   *
   * @param organization whether an organisation (else a customer)
   * @param index the organisation's or customer's index in the dataset
   * @param identity the rate limiter's name for it
   */
  record Principal(boolean organization, int index, String identity) {}

  private final SecureRandom random = new SecureRandom();
  private final String[] customerTokens;
  private final String[] organizationTokens;
  private final Map<String, Principal> byDigest = new HashMap<>();

  Tokens(LicenseKeyDataset dataset, String defaultToken) {
    customerTokens = new String[dataset.customerIds().size()];
    organizationTokens = new String[dataset.organizationCount()];
    for (int c = 0; c < customerTokens.length; c++) {
      customerTokens[c] = c == 0 && defaultToken != null ? defaultToken : newToken("polar_cst_");
      byDigest.put(digest(customerTokens[c]), new Principal(false, c, "customer:" + c));
    }
    for (int o = 0; o < organizationTokens.length; o++) {
      organizationTokens[o] = newToken("polar_oat_");
      byDigest.put(digest(organizationTokens[o]), new Principal(true, o, "organization:" + o));
    }
  }

  String customerToken(int customer) {
    return customerTokens[customer];
  }

  String organizationToken(int organization) {
    return organizationTokens[organization];
  }

  /** The principal of a token; {@code null} for an unknown one. */
  Principal resolve(String credentials) {
    return credentials == null ? null : byDigest.get(digest(credentials));
  }

  private String newToken(String prefix) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The token's SHA-256 digest, as a string of its bytes: a map key that is not the token. */
  static String digest(String token) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return new String(d, StandardCharsets.ISO_8859_1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
