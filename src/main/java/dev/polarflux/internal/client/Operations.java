package dev.polarflux.internal.client;

import dev.polarflux.PolarException;
import dev.polarflux.RateZone;
import dev.polarflux.internal.OperationCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Runs the single-key operations: one {@link Call} made with the {@link Attempts} every request
 * shares, retried by the rule of its {@link Attempts.Safety}, bounded by the client's deadline, and
 * its {@link Answer} turned into the result or the {@link PolarException} it stands for.
 */
public final class Operations {

  private final Attempts attempts;

  public Operations(ClientSettings settings, PageTransport transport) {
    this.attempts = new Attempts(settings, transport);
  }

  /** What a successful answer is: its status and how its body decodes ({@code null}: no body). */
  public record Expect<T>(int status, OperationCodec.Reader<T> reader) {}

  /** The budget of a request with the client's token: the {@code /v1} zone, for that token. */
  public Attempts.Budget tokenBudget() {
    return Attempts.Budget.of(attempts.settings);
  }

  /**
   * The budget of the customer portal's anonymous key operations: their own zone and the {@code
   * /v1} zone, both counted for every request without a token (Polar counts them by IP address).
   */
  public Attempts.Budget anonymousBudget() {
    ClientSettings settings = attempts.settings;
    List<RateZone> zones = new ArrayList<>(2);
    if (settings.keyOperationZone != null) {
      zones.add(settings.keyOperationZone);
    }
    if (settings.rateZone != null) {
      zones.add(settings.rateZone);
    }
    return new Attempts.Budget(List.copyOf(zones), ClientSettings.ANONYMOUS_IDENTITY);
  }

  /**
   * Makes {@code call} until it succeeds or fails for good.
   *
   * @return the decoded body; empty for an answer without one
   */
  public <T> Mono<T> run(
      Call call, Attempts.Safety safety, Attempts.Budget budget, Expect<T> expect) {
    Site site = Site.operation(call.method() + " " + pathOf(call));
    return Mono.defer(
        () -> {
          Scheduler scheduler = attempts.scheduler();
          int[] made = {0};
          Mono<T> attempt =
              attempts
                  .attempt(
                      site,
                      budget,
                      call.anonymous(),
                      scheduler,
                      made,
                      (n, exchange, token) ->
                          attempts.timed(
                              site,
                              scheduler,
                              exchange,
                              send(site, call, expect, scheduler, exchange, token)))
                  .singleOrEmpty();
          Mono<T> retried = attempt.retryWhen(attempts.retry(site, scheduler, safety));
          Duration deadline = attempts.settings.deadline;
          return deadline == null
              ? retried
              : retried.timeout(
                  deadline, Mono.error(() -> ExceptionFactory.deadline(deadline, site)), scheduler);
        });
  }

  /** The call sent with the token ({@code null}: none), and its answer interpreted. */
  private <T> Mono<T> send(
      Site site,
      Call call,
      Expect<T> expect,
      Scheduler scheduler,
      Exchange exchange,
      String token) {
    return attempts
        .transport
        .send(site, call, token, exchange)
        .handle(
            (answer, sink) -> {
              T value = interpret(answer, site, token, call.licenseKey(), expect, scheduler);
              if (value != null) {
                sink.next(value);
              }
            });
  }

  private static String pathOf(Call call) {
    int q = call.path().indexOf('?');
    return q < 0 ? call.path() : call.path().substring(0, q);
  }

  /**
   * The result an answer carries, {@code null} for an expected answer without a body; throws the
   * error an unexpected status or an undecodable body stands for.
   */
  private static <T> T interpret(
      Answer answer,
      Site site,
      String token,
      String licenseKey,
      Expect<T> expect,
      Scheduler scheduler) {
    int status = answer.status();
    if (status != expect.status()) {
      // Polar's 422 quotes the input it refused: the license key never reaches a message.
      String text =
          ExceptionFactory.redactLicenseKey(
              new String(answer.body(), StandardCharsets.UTF_8), licenseKey);
      throw ExceptionFactory.fromResponse(
          status, answer.retryAfter(), text, site, token, scheduler.now(TimeUnit.MILLISECONDS));
    }
    if (expect.reader() == null) {
      return null;
    }
    String type = answer.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).contains("json")) {
      throw ExceptionFactory.undecodable(
          "expected application/json, got " + (type == null ? "no content type" : type),
          site,
          status,
          null);
    }
    if (answer.body().length == 0) {
      throw ExceptionFactory.undecodable("the body is empty", site, status, null);
    }
    try {
      return OperationCodec.read(new ByteArrayInputStream(answer.body()), expect.reader());
    } catch (IOException | RuntimeException e) {
      Throwable mapped = ExceptionFactory.fromFailure(e, site, Duration.ZERO, null, token);
      if (mapped instanceof RuntimeException r
          && (licenseKey == null || !String.valueOf(r.getMessage()).contains(licenseKey))) {
        throw r;
      }
      // A parser's message quoting the license key: say less.
      throw ExceptionFactory.undecodable(e.getClass().getSimpleName(), site, status, null);
    }
  }
}
