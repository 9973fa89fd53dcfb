package dev.polarflux.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.polarflux.PolarClient;
import dev.polarflux.PolarException;
import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.internal.OperationCodec;
import dev.polarflux.model.LicenseKeyActivate;
import dev.polarflux.model.LicenseKeyActivationRead;
import dev.polarflux.model.LicenseKeyDeactivate;
import dev.polarflux.model.LicenseKeyValidate;
import dev.polarflux.model.LicenseKeyWithActivations;
import dev.polarflux.model.ValidatedLicenseKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The single-key commands: {@code get}, {@code validate}, {@code activate}, {@code deactivate}.
 * Each prints Polar's JSON for the result as one line (nothing for a deactivation) and exits 0, or
 * prints one line naming the typed error and exits 1.
 */
final class KeyCommands {

  /** The environment variable an organization's token may come from. */
  static final String ORGANIZATION_TOKEN_ENV = "POLAR_ACCESS_TOKEN";

  static final Set<String> COMMON =
      Set.of("base-url", "token", "timeout", "retries", "polar-version");
  static final Set<String> FLAGS = Set.of("organization");
  static final Set<String> VALIDATE =
      with(
          "key",
          "organization-id",
          "activation-id",
          "benefit-id",
          "customer-id",
          "increment-usage");
  static final Set<String> ACTIVATE = with("key", "organization-id", "label");
  static final Set<String> DEACTIVATE = with("key", "organization-id", "activation-id");

  private static final Duration WAIT = Duration.ofMinutes(10);

  private KeyCommands() {}

  private static Set<String> with(String... names) {
    java.util.HashSet<String> all = new java.util.HashSet<>(COMMON);
    all.addAll(List.of(names));
    return Set.copyOf(all);
  }

  /** {@code get ID [--organization]}. */
  static int get(List<String> args, PrintStream out, PrintStream err, Map<String, String> env)
      throws UsageException {
    if (args.isEmpty() || args.get(0).startsWith("-")) {
      if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
        out.println(Main.USAGE);
        return 0;
      }
      throw new UsageException("get needs the key's id: get ID [--organization]");
    }
    Arguments a = Arguments.parse(args.subList(1, args.size()), COMMON, FLAGS);
    UUID id = a.uuid("id", args.get(0));
    boolean organization = a.has("organization");
    PolarClient polar = client(a, env, organization, true);
    Mono<LicenseKeyWithActivations> key =
        organization ? polar.organization().get(id) : polar.customerPortal().get(id);
    return print(polar, key, OperationCodec::writeKeyWithActivations, out, err);
  }

  /** {@code validate --key K --organization-id O [...] [--organization]}. */
  static int validate(Arguments a, PrintStream out, PrintStream err, Map<String, String> env)
      throws UsageException {
    if (a.help()) {
      out.println(Main.USAGE);
      return 0;
    }
    LicenseKeyValidate request =
        LicenseKeyValidate.of(required(a, "key"), uuid(a, "organization-id"));
    if (a.has("activation-id")) {
      request = request.activationId(uuid(a, "activation-id"));
    }
    if (a.has("benefit-id")) {
      request = request.benefitId(uuid(a, "benefit-id"));
    }
    if (a.has("customer-id")) {
      request = request.customerId(uuid(a, "customer-id"));
    }
    if (a.has("increment-usage")) {
      request = request.incrementUsage(a.integer("increment-usage", 0, 0, Integer.MAX_VALUE));
    }
    boolean organization = a.has("organization");
    PolarClient polar = client(a, env, organization, organization);
    LicenseKeyValidate r = request;
    Mono<ValidatedLicenseKey> result =
        organization ? polar.organization().validate(r) : polar.customerPortal().validate(r);
    return print(polar, result, OperationCodec::writeValidatedKey, out, err);
  }

  /** {@code activate --key K --organization-id O --label L [--organization]}. */
  static int activate(Arguments a, PrintStream out, PrintStream err, Map<String, String> env)
      throws UsageException {
    if (a.help()) {
      out.println(Main.USAGE);
      return 0;
    }
    LicenseKeyActivate request =
        LicenseKeyActivate.of(required(a, "key"), uuid(a, "organization-id"), required(a, "label"));
    boolean organization = a.has("organization");
    PolarClient polar = client(a, env, organization, organization);
    Mono<LicenseKeyActivationRead> result =
        organization
            ? polar.organization().activate(request)
            : polar.customerPortal().activate(request);
    return print(polar, result, OperationCodec::writeActivationRead, out, err);
  }

  /** {@code deactivate --key K --organization-id O --activation-id A [--organization]}. */
  static int deactivate(Arguments a, PrintStream out, PrintStream err, Map<String, String> env)
      throws UsageException {
    if (a.help()) {
      out.println(Main.USAGE);
      return 0;
    }
    LicenseKeyDeactivate request =
        new LicenseKeyDeactivate(
            required(a, "key"), uuid(a, "organization-id"), uuid(a, "activation-id"));
    boolean organization = a.has("organization");
    PolarClient polar = client(a, env, organization, organization);
    Mono<Void> result =
        organization
            ? polar.organization().deactivate(request)
            : polar.customerPortal().deactivate(request);
    return print(polar, result, null, out, err);
  }

  private static String required(Arguments a, String name) throws UsageException {
    String v = a.string(name);
    if (v == null) {
      throw new UsageException("option --" + name + " is required");
    }
    return v;
  }

  private static UUID uuid(Arguments a, String name) throws UsageException {
    return a.uuid(name, required(a, name));
  }

  /**
   * The client of a command: its server, its token when the operation sends one (from {@code
   * --token}, else the scope's environment variable), its timeout and retries.
   */
  private static PolarClient client(
      Arguments a, Map<String, String> env, boolean organization, boolean needsToken)
      throws UsageException {
    String baseUrl = required(a, "base-url");
    PolarClient polar;
    try {
      polar = PolarClient.create().baseUrl(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new UsageException("option --base-url: " + e.getMessage());
    }
    if (needsToken) {
      String token = a.string("token");
      if (token == null) {
        token = env.get(organization ? ORGANIZATION_TOKEN_ENV : Main.TOKEN_ENV);
      }
      if (token == null || token.isBlank()) {
        throw new UsageException(
            "a token is needed: --token, or "
                + (organization ? ORGANIZATION_TOKEN_ENV : Main.TOKEN_ENV));
      }
      try {
        polar = polar.token(token);
      } catch (IllegalArgumentException e) {
        throw new UsageException("the token: " + e.getMessage());
      }
    }
    polar = requestOptions(a, polar);
    try {
      // Choosing the scope checks the combination of settings (plain HTTP, for one).
      if (organization) {
        polar.organization();
      } else {
        polar.customerPortal();
      }
    } catch (IllegalStateException e) {
      throw new UsageException("option --base-url: " + e.getMessage());
    }
    return polar;
  }

  /**
   * The options every command that talks to a server shares: {@code --retries}, {@code --timeout},
   * {@code --polar-version}.
   */
  static PolarClient requestOptions(Arguments a, PolarClient polar) throws UsageException {
    polar = polar.retries(a.integer("retries", 3, 0, 100));
    Duration timeout = a.duration("timeout");
    if (timeout != null) {
      polar = polar.responseTimeout(timeout);
    }
    String version = a.string("polar-version");
    if (version != null) {
      try {
        polar = polar.polarVersion(version);
      } catch (IllegalArgumentException e) {
        throw new UsageException("option --polar-version: " + e.getMessage());
      }
    }
    return polar;
  }

  /** Writes a result as JSON. */
  @FunctionalInterface
  interface JsonWriter<T> {
    void write(JsonGenerator g, T value) throws IOException;
  }

  /**
   * Runs the operation and prints its result as one line of JSON ({@code writer} {@code null}: no
   * output), or its typed error as one line on {@code err}.
   */
  private static <T> int print(
      PolarClient polar, Mono<T> result, JsonWriter<T> writer, PrintStream out, PrintStream err) {
    try {
      T value = result.block(WAIT);
      if (writer != null) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = LicenseKeyCodec.FACTORY.createGenerator(json)) {
          writer.write(g, value);
        }
        out.println(json.toString(StandardCharsets.UTF_8));
        out.flush();
      }
      return 0;
    } catch (PolarException e) {
      err.println("polarflux: error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      Throwable cause = reactor.core.Exceptions.unwrap(e);
      err.println(
          "polarflux: error: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
      return 1;
    } finally {
      polar.close();
    }
  }
}
