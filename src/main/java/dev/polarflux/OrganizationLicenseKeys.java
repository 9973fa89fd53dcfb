package dev.polarflux;

import dev.polarflux.internal.OperationCodec;
import dev.polarflux.internal.client.Attempts;
import dev.polarflux.internal.client.Call;
import dev.polarflux.internal.client.Operations;
import dev.polarflux.model.LicenseKeyActivate;
import dev.polarflux.model.LicenseKeyActivationRead;
import dev.polarflux.model.LicenseKeyDeactivate;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyUpdate;
import dev.polarflux.model.LicenseKeyValidate;
import dev.polarflux.model.LicenseKeyWithActivations;
import dev.polarflux.model.ValidatedLicenseKey;
import java.util.Objects;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * An organization's license keys ({@code /v1/license-keys/}), reached with an organization access
 * token ({@code polar_oat_…}) or a personal access token: {@link PolarClient#organization()}.
 *
 * <p>Every method is cold: nothing is sent before subscription, and each subscription sends afresh.
 * Each request waits for its slot in the client's {@code /v1} budget for this token, is bounded by
 * the response timeout and the client's deadline, and is retried on transient failures — except
 * {@link #activate} and {@link #deactivate}, and {@link #validate} when it consumes usage: those
 * change state, so they are retried only when the request surely never reached Polar (no
 * connection, a connection closed before the request was written whole, a 429). After any other
 * failure, {@link PolarException#unsent()} tells whether sending again is safe.
 */
public final class OrganizationLicenseKeys {

  private static final String PATH = "/v1/license-keys/";

  private final PolarClient client;
  private final Operations operations;
  private final KeyOperationCalls keyOperations;

  OrganizationLicenseKeys(PolarClient client, Operations operations) {
    this.client = client;
    this.operations = operations;
    this.keyOperations = new KeyOperationCalls(operations, PATH, false, operations.tokenBudget());
  }

  /**
   * Lists every key the token may read, 100 per page.
   *
   * @return a cold listing
   */
  public LicenseKeyFlux list() {
    return list(OrganizationKeyQuery.create());
  }

  /**
   * Lists the keys a query selects, with every guarantee of {@link LicenseKeyFlux}.
   *
   * @param query the query
   * @return a cold listing
   */
  public LicenseKeyFlux list(OrganizationKeyQuery query) {
    return client.listing(query);
  }

  /**
   * Gets one key with its activations ({@code GET /v1/license-keys/{id}}).
   *
   * @param id the key's id
   * @return the key; fails with {@link PolarNotFoundException} when the token cannot read it
   */
  public Mono<LicenseKeyWithActivations> get(UUID id) {
    Objects.requireNonNull(id, "id");
    return read(
        new Call("GET", PATH + id, null, false),
        new Operations.Expect<>(200, OperationCodec::readKeyWithActivations));
  }

  /**
   * Gets one activation of a key with the key ({@code GET
   * /v1/license-keys/{id}/activations/{activation_id}}).
   *
   * @param id the key's id
   * @param activationId the activation's id
   * @return the activation; fails with {@link PolarNotFoundException} when there is none
   */
  public Mono<LicenseKeyActivationRead> getActivation(UUID id, UUID activationId) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(activationId, "activationId");
    return read(
        new Call("GET", PATH + id + "/activations/" + activationId, null, false),
        new Operations.Expect<>(200, OperationCodec::readActivationRead));
  }

  /**
   * Changes a key ({@code PATCH /v1/license-keys/{id}}): only the fields the update sets. Repeating
   * it leaves the key as sending it once, so it is retried like a read.
   *
   * @param id the key's id
   * @param update the fields to change
   * @return the key after the change; fails with {@link PolarValidationException} for values Polar
   *     refuses
   */
  public Mono<LicenseKeyRead> update(UUID id, LicenseKeyUpdate update) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(update, "update");
    return read(
        new Call("PATCH", PATH + id, OperationCodec.update(update), false),
        new Operations.Expect<>(200, p -> dev.polarflux.internal.LicenseKeyCodec.readKey(p)));
  }

  /**
   * Validates a key ({@code POST /v1/license-keys/validate}): counts a validation, and consumes
   * usage when asked. Not retried after an ambiguous failure when it consumes usage.
   *
   * @param request what to validate
   * @return the key and the activation named; fails with {@link PolarNotFoundException} when the
   *     key is unknown or not valid ({@link PolarNotFoundException#detail()} says why), with a
   *     {@link PolarClientException} of status 400 when the usage left is too small
   */
  public Mono<ValidatedLicenseKey> validate(LicenseKeyValidate request) {
    return keyOperations.validate(request);
  }

  /**
   * Activates a key ({@code POST /v1/license-keys/activate}), taking one of its activation slots.
   * Never retried after a failure that may have reached Polar.
   *
   * @param request what to activate
   * @return the new activation with its key; fails with {@link PolarNotPermittedException} when the
   *     key allows no more activations, is not granted, has expired or supports none
   */
  public Mono<LicenseKeyActivationRead> activate(LicenseKeyActivate request) {
    return keyOperations.activate(request);
  }

  /**
   * Deactivates one activation ({@code POST /v1/license-keys/deactivate}), freeing its slot. Not
   * retried after a failure that may have reached Polar: had the first request succeeded, a retry
   * would answer 404.
   *
   * @param request what to deactivate
   * @return completes when Polar answered 204; fails with {@link PolarNotFoundException} when the
   *     activation is unknown or already deactivated
   */
  public Mono<Void> deactivate(LicenseKeyDeactivate request) {
    return keyOperations.deactivate(request);
  }

  private <T> Mono<T> read(Call call, Operations.Expect<T> expect) {
    return operations.run(call, Attempts.Safety.IDEMPOTENT, operations.tokenBudget(), expect);
  }

  @Override
  public String toString() {
    return "OrganizationLicenseKeys[" + client + "]";
  }
}
