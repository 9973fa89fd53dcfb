package dev.polarflux.testserver;

import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.internal.OperationCodec;
import dev.polarflux.model.LicenseKeyActivation;
import dev.polarflux.model.LicenseKeyActivationRead;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.model.LicenseKeyWithActivations;
import dev.polarflux.model.Pagination;
import dev.polarflux.model.ValidatedLicenseKey;
import dev.polarflux.testserver.KeyStore.Present;
import dev.polarflux.testserver.KeyStore.Refused;
import dev.polarflux.testserver.ListQuery.Problem;
import dev.polarflux.testserver.Operation.Family;
import dev.polarflux.testserver.Operation.Shape;
import dev.polarflux.testserver.Operation.Target;
import dev.polarflux.testserver.Tokens.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntPredicate;

/**
 * Decides the answer to a request that no fault or rate limit took: Polar's routing, version check,
 * authentication, validation and operations. Writes no byte itself: it returns a {@link Reply}.
 */
final class Routes {

  private static final String PORTAL_NO_SLASH = "/v1/customer-portal/license-keys";
  private static final String ORGANIZATION_NO_SLASH = "/v1/license-keys";
  private static final String DEFAULT_VERSION = "2026-04";
  private static final Set<String> VERSIONS = Set.of("2026-04", "2026-10");
  private static final String NOT_FOUND = "{\"detail\":\"Not Found\"}";
  private static final String UNAUTHORIZED =
      "{\"error\":\"Unauthorized\",\"detail\":\"Unauthorized\"}";
  private static final String INVALID_TOKEN_DESCRIPTION =
      "The access token provided is expired, revoked, malformed, or invalid for other reasons.";
  private static final String INVALID_TOKEN =
      "{\"error\":\"invalid_token\",\"error_description\":\"" + INVALID_TOKEN_DESCRIPTION + "\"}";

  /**
   * A request as the routes need it.
   *
   * @param method the method
   * @param path the raw path
   * @param rawQuery the raw query, empty when none
   * @param params the decoded query parameters
   * @param version the {@code Polar-Version} header; nullable
   * @param authorization the {@code Authorization} header; nullable
   * @param body the body, empty when none
   */
  record Call(
      String method,
      String path,
      String rawQuery,
      Map<String, List<String>> params,
      String version,
      String authorization,
      byte[] body) {}

  private final KeyStore store;
  private final Tokens tokens;
  private final boolean anyToken;

  Routes(KeyStore store, Tokens tokens, boolean anyToken) {
    this.store = store;
    this.tokens = tokens;
    this.anyToken = anyToken;
  }

  /**
   * The principal a request's Authorization names: a known token's, or with {@code anyToken} for
   * any other Bearer credential the default customer (or, on an organisation path, the default
   * organisation); {@code null} without a usable credential.
   */
  Principal principal(String authorization, boolean organizationPath) {
    String credentials = bearerCredentials(authorization);
    Principal known = tokens.resolve(credentials);
    if (known != null || credentials == null || !anyToken) {
      return known;
    }
    // Each token its own identity: many customers' sessions, one dataset.
    return new Principal(organizationPath, 0, "token:" + Tokens.digest(credentials));
  }

  Reply route(Call c, String baseUrl) {
    String echo = c.version() == null ? DEFAULT_VERSION : c.version();
    if (c.path().equals(PORTAL_NO_SLASH) || c.path().equals(ORGANIZATION_NO_SLASH)) {
      String location =
          baseUrl + c.path() + "/" + (c.rawQuery().isEmpty() ? "" : "?" + c.rawQuery());
      Map<String, String> h = new LinkedHashMap<>();
      h.put("content-length", "0");
      h.put("location", location);
      return Reply.fixed(307, h, new byte[0]);
    }
    Target target = Target.of(c.path());
    if (target == null) {
      return Reply.json(404, NOT_FOUND, Map.of());
    }
    Operation op = Operation.of(c.method(), c.path()).orElse(null);
    if (op == null) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("allow", target.allowed());
      h.put("polar-version", echo);
      return Reply.json(405, "{\"detail\":\"Method Not Allowed\"}", h);
    }
    if (c.version() != null && !VERSIONS.contains(c.version())) {
      return Reply.json(404, NOT_FOUND, Map.of());
    }
    if (op.isPortalKeyOperation()) {
      return keyOperation(op, null, c.body(), echo);
    }
    String credentials = bearerCredentials(c.authorization());
    if (credentials == null) {
      return unauthorized(echo);
    }
    boolean organizationPath = op.family() == Family.ORGANIZATION;
    Principal principal = principal(c.authorization(), organizationPath);
    if (principal == null) {
      return Reply.json(
          401,
          INVALID_TOKEN,
          Map.of(
              "www-authenticate",
              "Bearer realm=\"polar\", error=\"invalid_token\", error_description=\""
                  + INVALID_TOKEN_DESCRIPTION
                  + "\"",
              "polar-version",
              echo));
    }
    if (principal.organization() != organizationPath) {
      return unauthorized(echo);
    }
    return switch (op) {
      case CUSTOMER_PORTAL_LIST -> portalList(principal, c.params(), echo);
      case LIST -> organizationList(principal, c.params(), echo);
      case CUSTOMER_PORTAL_GET, GET, UPDATE, GET_ACTIVATION ->
          oneKey(op, target, principal, c, echo);
      default -> keyOperation(op, principal, c.body(), echo);
    };
  }

  private static Reply unauthorized(String echo) {
    return Reply.json(
        401,
        UNAUTHORIZED,
        Map.of("www-authenticate", "Bearer realm=\"polar\"", "polar-version", echo));
  }

  private Reply portalList(Principal customer, Map<String, List<String>> params, String echo) {
    ListQuery query = ListQuery.parse(params);
    if (!query.errors().isEmpty()) {
      return invalid(query.errors(), echo);
    }
    int[] scope = store.dataset().keysOfCustomer(customer.index());
    UUID benefit = query.benefitId();
    return page(scope, benefit == null ? null : i -> benefitOf(i).equals(benefit), query, echo);
  }

  private Reply organizationList(
      Principal organization, Map<String, List<String>> params, String echo) {
    Map<String, List<String>> paging = new HashMap<>(params);
    paging.remove("benefit_id");
    ListQuery query = ListQuery.parse(paging);
    ListQuery.Filters filters = ListQuery.filters(params);
    List<Problem> errors = new ArrayList<>(query.errors());
    errors.addAll(filters.errors());
    if (!errors.isEmpty()) {
      return invalid(errors, echo);
    }
    LicenseKeyDataset dataset = store.dataset();
    UUID own = dataset.organizationId(organization.index());
    boolean otherOrganization =
        !filters.organizationIds().isEmpty() && !filters.organizationIds().contains(own);
    int[] scope = otherOrganization ? new int[0] : dataset.keysOfOrganization(organization.index());
    Set<UUID> benefits = filters.benefitIds();
    Set<LicenseKeyStatus> statuses = filters.statuses();
    IntPredicate filter = null;
    if (!benefits.isEmpty() || !statuses.isEmpty()) {
      filter =
          i ->
              (benefits.isEmpty() || benefits.contains(benefitOf(i)))
                  && (statuses.isEmpty() || store.hasStatus(i, statuses));
    }
    return page(scope, filter, query, echo);
  }

  /** A page of the keys of {@code scope} that pass {@code filter} (all when it is null). */
  private Reply page(int[] scope, IntPredicate filter, ListQuery query, String echo) {
    int limit = query.effectiveLimit();
    long from = (long) (query.page() - 1) * limit;
    int total;
    List<LicenseKeyRead> items;
    if (filter == null) {
      total = scope.length;
      items =
          from >= total
              ? List.of()
              : store.current(scope, (int) from, (int) Math.min(total, from + limit));
    } else {
      total = 0;
      items = new ArrayList<>();
      for (int i : scope) {
        if (filter.test(i)) {
          if (total >= from && total < from + limit) {
            items.add(store.current(i));
          }
          total++;
        }
      }
    }
    int maxPage = (int) (((long) total + limit - 1) / limit);
    return Reply.page(items, new Pagination(total, maxPage), echo);
  }

  private Reply oneKey(Operation op, Target target, Principal principal, Call c, String echo) {
    List<Problem> problems = new ArrayList<>();
    UUID id = pathUuid(target.id(), "id", problems);
    UUID activationId =
        op == Operation.GET_ACTIVATION
            ? pathUuid(target.activationId(), "activation_id", problems)
            : null;
    BodyReader body = op == Operation.UPDATE ? BodyReader.read(c.body()) : null;
    KeyStore.Update update = body == null ? null : update(body);
    if (body != null) {
      problems.addAll(body.problems());
    }
    if (!problems.isEmpty()) {
      return invalid(problems, echo);
    }
    try {
      int index;
      if (op == Operation.CUSTOMER_PORTAL_GET) {
        index = store.find(id, -1);
        if (!owns(principal.index(), index)) {
          throw Refused.notFound(KeyStore.NOT_FOUND);
        }
      } else {
        index = store.find(id, principal.index());
      }
      return switch (op) {
        case UPDATE -> {
          LicenseKeyRead k = store.update(index, update);
          yield Reply.json(200, g -> LicenseKeyCodec.writeKey(g, k), echo);
        }
        case GET_ACTIVATION -> {
          LicenseKeyActivation a = store.activation(index, activationId);
          LicenseKeyActivationRead read = new LicenseKeyActivationRead(a, store.current(index));
          yield Reply.json(200, g -> OperationCodec.writeActivationRead(g, read), echo);
        }
        default -> {
          // The customer portal lists activations only where the benefit lets customers manage
          // them; the test server models no such benefit, so its customers see none.
          List<LicenseKeyActivation> activations =
              op == Operation.GET ? store.activations(index) : List.of();
          LicenseKeyWithActivations k =
              new LicenseKeyWithActivations(store.current(index), activations);
          yield Reply.json(200, g -> OperationCodec.writeKeyWithActivations(g, k), echo);
        }
      };
    } catch (Refused r) {
      return refused(r, echo);
    }
  }

  private boolean owns(int customer, int index) {
    int[] keys = store.dataset().keysOfCustomer(customer);
    return Arrays.binarySearch(keys, index) >= 0;
  }

  private static KeyStore.Update update(BodyReader body) {
    LicenseKeyStatus status = body.status("status");
    Long usage = body.integer("usage", Integer.MIN_VALUE, false, Integer.MAX_VALUE);
    Long limitActivations = body.integer("limit_activations", 0, true, 50);
    Long limitUsage = body.integer("limit_usage", 0, true, Integer.MAX_VALUE);
    var expiresAt = body.timestamp("expires_at");
    return new KeyStore.Update(
        status,
        usage,
        body.has("limit_activations") ? new Present<>(limitActivations) : null,
        body.has("limit_usage") ? new Present<>(limitUsage) : null,
        body.has("expires_at") ? new Present<>(expiresAt) : null);
  }

  /**
   * Validate, activate or deactivate; {@code principal} is the organisation for the organisation
   * paths, {@code null} for the anonymous customer-portal ones.
   */
  private Reply keyOperation(Operation op, Principal principal, byte[] bytes, String echo) {
    BodyReader body = BodyReader.read(bytes);
    String key = body.string("key", true);
    UUID organizationId = body.uuid("organization_id", true);
    Shape shape = op.shape();
    UUID activationId = body.uuid("activation_id", shape == Shape.DEACTIVATE);
    UUID benefitId = shape == Shape.VALIDATE ? body.uuid("benefit_id", false) : null;
    UUID customerId = shape == Shape.VALIDATE ? body.uuid("customer_id", false) : null;
    Long increment =
        shape == Shape.VALIDATE ? body.integer("increment_usage", 0, false, Long.MAX_VALUE) : null;
    String label = shape == Shape.ACTIVATE ? body.string("label", true) : null;
    Map<String, Object> conditions =
        shape == Shape.DEACTIVATE ? null : body.keyValues("conditions");
    Map<String, Object> meta = shape == Shape.ACTIVATE ? body.keyValues("meta") : null;
    if (!body.problems().isEmpty()) {
      return invalid(body.problems(), echo);
    }
    try {
      if (principal != null
          && !store.dataset().organizationId(principal.index()).equals(organizationId)) {
        throw Refused.notFound(KeyStore.NOT_FOUND);
      }
      int index = store.findByKey(key, organizationId);
      return switch (shape) {
        case VALIDATE -> {
          ValidatedLicenseKey v =
              store.validate(index, activationId, conditions, benefitId, customerId, increment);
          yield Reply.json(200, g -> OperationCodec.writeValidatedKey(g, v), echo);
        }
        case ACTIVATE -> {
          LicenseKeyActivation a =
              store.activate(index, label, conditions, BodyReader.metadata(meta));
          LicenseKeyActivationRead read = new LicenseKeyActivationRead(a, store.current(index));
          yield Reply.json(200, g -> OperationCodec.writeActivationRead(g, read), echo);
        }
        default -> {
          store.deactivate(index, activationId);
          Map<String, String> h = new LinkedHashMap<>();
          h.put("polar-version", echo);
          yield Reply.fixed(204, h, new byte[0]);
        }
      };
    } catch (Refused r) {
      return refused(r, echo);
    }
  }

  private static UUID pathUuid(String text, String name, List<Problem> problems) {
    UUID id = ListQuery.parseUuid(text);
    if (id == null) {
      String reason = ListQuery.uuidProblem(text);
      problems.add(
          new Problem(
              "uuid_parsing",
              List.of("path", name),
              "Input should be a valid UUID, " + reason,
              text,
              "error",
              reason));
    }
    return id;
  }

  private static Reply refused(Refused r, String echo) {
    String json =
        Reply.writeJson(
            g -> {
              g.writeStartObject();
              g.writeStringField("error", r.error);
              g.writeStringField("detail", r.getMessage());
              g.writeEndObject();
            });
    return Reply.json(r.status, json, Map.of("polar-version", echo));
  }

  private static Reply invalid(List<Problem> problems, String echo) {
    return Reply.json(422, Reply.validationBody(problems), Map.of("polar-version", echo));
  }

  /** The credentials of a Bearer authorization (scheme case-insensitive), or null. */
  static String bearerCredentials(String authorization) {
    if (authorization == null) {
      return null;
    }
    int space = authorization.indexOf(' ');
    if (space < 0 || !authorization.substring(0, space).equalsIgnoreCase("bearer")) {
      return null;
    }
    String credentials = authorization.substring(space + 1).strip();
    return credentials.isEmpty() ? null : credentials;
  }

  private UUID benefitOf(int index) {
    return store.dataset().keys().get(index).benefitId();
  }
}
