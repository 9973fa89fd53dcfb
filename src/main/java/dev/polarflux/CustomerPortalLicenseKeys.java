package dev.polarflux;

import dev.polarflux.internal.OperationCodec;
import dev.polarflux.internal.client.Attempts;
import dev.polarflux.internal.client.Call;
import dev.polarflux.internal.client.Operations;
import dev.polarflux.model.LicenseKeyActivate;
import dev.polarflux.model.LicenseKeyActivationRead;
import dev.polarflux.model.LicenseKeyDeactivate;
import dev.polarflux.model.LicenseKeyValidate;
import dev.polarflux.model.LicenseKeyWithActivations;
import dev.polarflux.model.ValidatedLicenseKey;
import java.util.Objects;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The customer portal's license keys ({@code /v1/customer-portal/license-keys/}): {@link
 * PolarClient#customerPortal()}. Listing and getting keys act for one customer and need a customer
 * (or member) session token; {@link #validate}, {@link #activate} and {@link #deactivate} take the
 * license key itself and send <b>no token</b>, even when the client has one — a desktop application
 * calls them with what its user typed in.
 *
 * <p>Polar limits those three to {@value PolarClient#KEY_OPERATIONS_RATE_LIMIT} requests a second
 * per caller, and one request over it blocks every {@code /v1} request of the caller for 60
 * seconds; the client waits for a slot in that budget ({@link
 * PolarClient#keyOperationsRateLimit(int)}) rather than earn the block. A server validating keys
 * for many users should use {@link OrganizationLicenseKeys#validate} with an organization token.
 *
 * <p>Retries follow {@link OrganizationLicenseKeys}: {@link #activate}, {@link #deactivate} and a
 * {@link #validate} that consumes usage are retried only when the request surely never reached
 * Polar.
 */
public final class CustomerPortalLicenseKeys {

  private static final String PATH = "/v1/customer-portal/license-keys/";

  private final PolarClient client;
  private final Operations operations;
  private final KeyOperationCalls keyOperations;

  CustomerPortalLicenseKeys(PolarClient client, Operations operations) {
    this.client = client;
    this.operations = operations;
    this.keyOperations =
        new KeyOperationCalls(operations, PATH, true, operations.anonymousBudget());
  }

  /**
   * Lists every key of the session's customer, 100 per page.
   *
   * @return a cold listing
   */
  public LicenseKeyFlux list() {
    return list(LicenseKeyQuery.create());
  }

  /**
   * Lists the session customer's keys a query selects.
   *
   * @param query the query
   * @return a cold listing
   */
  public LicenseKeyFlux list(LicenseKeyQuery query) {
    return client.listing(query);
  }

  /**
   * Gets one of the session customer's keys ({@code GET /v1/customer-portal/license-keys/{id}}).
   *
   * @param id the key's id
   * @return the key; its activations are listed only when the key's benefit lets customers manage
   *     them. Fails with {@link PolarNotFoundException} for a key of another customer.
   */
  public Mono<LicenseKeyWithActivations> get(UUID id) {
    Objects.requireNonNull(id, "id");
    return operations.run(
        new Call("GET", PATH + id, null, false),
        Attempts.Safety.IDEMPOTENT,
        operations.tokenBudget(),
        new Operations.Expect<>(200, OperationCodec::readKeyWithActivations));
  }

  /**
   * Validates a key without a token ({@code POST /v1/customer-portal/license-keys/validate}).
   *
   * @param request what to validate
   * @return the key and the activation named; fails with {@link PolarNotFoundException} when the
   *     key is unknown or not valid
   * @see OrganizationLicenseKeys#validate(LicenseKeyValidate)
   */
  public Mono<ValidatedLicenseKey> validate(LicenseKeyValidate request) {
    return keyOperations.validate(request);
  }

  /**
   * Activates a key without a token ({@code POST /v1/customer-portal/license-keys/activate}).
   *
   * @param request what to activate
   * @return the new activation with its key; fails with {@link PolarNotPermittedException} when the
   *     key allows no more activations
   * @see OrganizationLicenseKeys#activate(LicenseKeyActivate)
   */
  public Mono<LicenseKeyActivationRead> activate(LicenseKeyActivate request) {
    return keyOperations.activate(request);
  }

  /**
   * Deactivates an activation without a token ({@code POST
   * /v1/customer-portal/license-keys/deactivate}).
   *
   * @param request what to deactivate
   * @return completes when Polar answered 204; fails with {@link PolarNotFoundException} when the
   *     activation is unknown or already deactivated
   * @see OrganizationLicenseKeys#deactivate(LicenseKeyDeactivate)
   */
  public Mono<Void> deactivate(LicenseKeyDeactivate request) {
    return keyOperations.deactivate(request);
  }

  @Override
  public String toString() {
    return "CustomerPortalLicenseKeys[" + client + "]";
  }
}
