package dev.polarflux;

import dev.polarflux.internal.OperationCodec;
import dev.polarflux.internal.client.Attempts;
import dev.polarflux.internal.client.Call;
import dev.polarflux.internal.client.Operations;
import dev.polarflux.model.LicenseKeyActivate;
import dev.polarflux.model.LicenseKeyActivationRead;
import dev.polarflux.model.LicenseKeyDeactivate;
import dev.polarflux.model.LicenseKeyValidate;
import dev.polarflux.model.ValidatedLicenseKey;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * {@code validate}, {@code activate} and {@code deactivate} under one scope's path: the same
 * requests, the same retry rule, the scope's token (or none) and budget.
 */
final class KeyOperationCalls {

  private final Operations operations;
  private final String path;
  private final boolean anonymous;
  private final Attempts.Budget budget;

  KeyOperationCalls(Operations operations, String path, boolean anonymous, Attempts.Budget budget) {
    this.operations = operations;
    this.path = path;
    this.anonymous = anonymous;
    this.budget = budget;
  }

  Mono<ValidatedLicenseKey> validate(LicenseKeyValidate request) {
    Objects.requireNonNull(request, "request");
    return operations.run(
        new Call(
            "POST", path + "validate", OperationCodec.validate(request), anonymous, request.key()),
        // Consuming usage changes the key: such a validation must not count twice.
        request.changesState() ? Attempts.Safety.NOT_REPEATABLE : Attempts.Safety.IDEMPOTENT,
        budget,
        new Operations.Expect<>(200, OperationCodec::readValidatedKey));
  }

  Mono<LicenseKeyActivationRead> activate(LicenseKeyActivate request) {
    Objects.requireNonNull(request, "request");
    return operations.run(
        new Call(
            "POST", path + "activate", OperationCodec.activate(request), anonymous, request.key()),
        Attempts.Safety.NOT_REPEATABLE,
        budget,
        new Operations.Expect<>(200, OperationCodec::readActivationRead));
  }

  Mono<Void> deactivate(LicenseKeyDeactivate request) {
    Objects.requireNonNull(request, "request");
    return operations
        .run(
            new Call(
                "POST",
                path + "deactivate",
                OperationCodec.deactivate(request),
                anonymous,
                request.key()),
            Attempts.Safety.NOT_REPEATABLE,
            budget,
            new Operations.Expect<Object>(204, null))
        .then();
  }
}
