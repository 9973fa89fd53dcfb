package dev.polarflux.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.DriftPolicy;
import dev.polarflux.PolarClient;
import dev.polarflux.SettingsAccess;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.ProblemDetail;
import org.springframework.http.client.ReactorResourceFactory;

/** {@link PolarAutoConfiguration} in application contexts, without a server. */
class PolarAutoConfigurationTest {

  private static final String TOKEN = "polar_cst_AutoConfigurationTestSecret0123456789";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PolarAutoConfiguration.class));

  @Test
  void noProperties_configureTheClientThatPolarClientCreateMakes() {
    runner.run(
        context -> {
          try (PolarClient defaults = PolarClient.create()) {
            assertThat(SettingsAccess.settings(context.getBean(PolarClient.class)))
                .isEqualTo(SettingsAccess.settings(defaults));
          }
        });
  }

  @Test
  void everyProperty_reachesTheClient() {
    runner
        .withPropertyValues(
            "polarflux.base-url=https://sandbox-api.polar.sh/",
            "polarflux.token=" + TOKEN,
            "polarflux.polar-version=2026-04",
            "polarflux.user-agent=shop/1.0",
            "polarflux.concurrency=4",
            "polarflux.read-ahead=2",
            "polarflux.streaming=true",
            "polarflux.connect-timeout=2s",
            "polarflux.response-timeout=5s",
            "polarflux.deadline=1m",
            "polarflux.max-body-size=2MB",
            "polarflux.retries=5",
            "polarflux.backoff.min=100ms",
            "polarflux.backoff.max=2s",
            "polarflux.max-retry-after=10s",
            "polarflux.allow-insecure-http=true",
            "polarflux.drift-policy=fail",
            "polarflux.drop-duplicates=true",
            "polarflux.rate-limit=100",
            "polarflux.key-operations-rate-limit=2")
        .run(
            context -> {
              Map<String, Object> settings =
                  SettingsAccess.settings(context.getBean(PolarClient.class));
              assertThat(settings)
                  .containsEntry("baseUrl", PolarClient.SANDBOX_URL)
                  .containsEntry("polarVersion", "2026-04")
                  .containsEntry("userAgent", "shop/1.0")
                  .containsEntry("concurrency", 4)
                  .containsEntry("readAhead", 2)
                  .containsEntry("streaming", true)
                  .containsEntry("connectTimeout", Duration.ofSeconds(2))
                  .containsEntry("responseTimeout", Duration.ofSeconds(5))
                  .containsEntry("deadline", Duration.ofMinutes(1))
                  .containsEntry("maxBodySize", 2 * 1024 * 1024)
                  .containsEntry("maxRetries", 5)
                  .containsEntry("minBackoff", Duration.ofMillis(100))
                  .containsEntry("maxBackoff", Duration.ofSeconds(2))
                  .containsEntry("maxRetryAfter", Duration.ofSeconds(10))
                  .containsEntry("allowInsecureHttp", true)
                  .containsEntry("driftPolicy", DriftPolicy.FAIL)
                  .containsEntry("dropDuplicates", true);
              assertThat(settings.get("rateZone").toString()).contains("100");
              assertThat(settings.get("keyOperationZone").toString()).contains("limit=2");
              assertThat(settings.get("budgetIdentity")).isNotEqualTo("none");
            });
  }

  @Test
  void rateLimitZero_turnsTheBudgetOff() {
    runner
        .withPropertyValues("polarflux.rate-limit=0")
        .run(
            context ->
                assertThat(SettingsAccess.settings(context.getBean(PolarClient.class)))
                    .containsEntry("rateZone", null));
  }

  @Test
  void refusedProperty_failsStartup_namingThePropertyButNeverTheToken() {
    runner
        .withPropertyValues("polarflux.concurrency=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessage("concurrency must be between 1 and 64, was: 0"));
    runner
        .withPropertyValues("polarflux.concurrency=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("polarflux.concurrency is invalid"));
    runner
        .withPropertyValues("polarflux.token=" + TOKEN + " trailing")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("polarflux.token is invalid")
                    .satisfies(failure -> assertThat(stackTrace(failure)).doesNotContain(TOKEN)));
  }

  @Test
  void applicationsOwnClient_replacesTheAutoConfiguredOne() {
    runner
        .withBean("myPolar", PolarClient.class, () -> PolarClient.create().concurrency(7))
        .run(
            context -> {
              assertThat(context).hasSingleBean(PolarClient.class);
              assertThat(context.getBean(PolarClient.class).toString()).contains("concurrency=7");
            });
  }

  @Test
  void customizers_runAfterThePropertiesInTheirOrder() {
    runner
        .withPropertyValues("polarflux.concurrency=2")
        .withUserConfiguration(Customizers.class)
        .run(
            context ->
                assertThat(context.getBean(PolarClient.class).toString())
                    .contains("concurrency=6"));
  }

  /** Two customizers: the later one sees what the earlier one did. */
  static class Customizers {
    @org.springframework.context.annotation.Bean
    @Order(2)
    PolarClientCustomizer triple() {
      return client -> client.concurrency(3 * Integer.parseInt(concurrency(client)));
    }

    @org.springframework.context.annotation.Bean
    @Order(1)
    PolarClientCustomizer checkProperties() {
      return client -> {
        assertThat(concurrency(client)).isEqualTo("2");
        return client;
      };
    }

    private static String concurrency(PolarClient client) {
      String s = client.toString();
      int at = s.indexOf("concurrency=") + "concurrency=".length();
      return s.substring(at, s.indexOf(',', at));
    }
  }

  @Test
  void meterRegistry_givesTheClientAMicrometerListener_withObservationsWhenThereIsARegistry() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context ->
                assertThat(listener(context.getBean(PolarClient.class)))
                    .isEqualTo("MicrometerPolarListener[SimpleMeterRegistry]"));
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(ObservationRegistry.class, PolarAutoConfigurationTest::observations)
        .run(
            context ->
                assertThat(listener(context.getBean(PolarClient.class)))
                    .isEqualTo("MicrometerPolarListener[SimpleMeterRegistry, observations]"));
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(ObservationRegistry.class, PolarAutoConfigurationTest::observations)
        .withPropertyValues("polarflux.metrics.observations=false")
        .run(
            context ->
                assertThat(listener(context.getBean(PolarClient.class)))
                    .isEqualTo("MicrometerPolarListener[SimpleMeterRegistry]"));
  }

  @Test
  void metricsDisabled_orNoMeterRegistry_leaveTheListenerAlone() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("polarflux.metrics.enabled=false")
        .run(
            context ->
                assertThat(listener(context.getBean(PolarClient.class)))
                    .doesNotContain("Micrometer"));
    runner.run(
        context ->
            assertThat(listener(context.getBean(PolarClient.class))).doesNotContain("Micrometer"));
  }

  @Test
  void httpClientMetrics_turnOnReactorNettysMeters() {
    runner
        .withPropertyValues("polarflux.metrics.http-client=true")
        .run(
            context ->
                assertThat(context.getBean(PolarClient.class).toString()).contains(", metrics"));
  }

  @Test
  void withoutMicrometer_theClientIsConfiguredAllTheSame() {
    runner
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .withPropertyValues("polarflux.concurrency=3")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(PolarClient.class);
              assertThat(context.getBeansOfType(PolarClientCustomizer.class)).isEmpty();
              assertThat(context.getBean(PolarClient.class).toString()).contains("concurrency=3");
            });
  }

  @Test
  void exceptionHandler_onlyInAReactiveWebApplicationWithSpringWeb() {
    ReactiveWebApplicationContextRunner web =
        new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PolarAutoConfiguration.class));
    web.run(context -> assertThat(context).hasSingleBean(PolarExceptionHandler.class));
    web.withPropertyValues("polarflux.problem-details.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(PolarExceptionHandler.class));
    web.withClassLoader(new FilteredClassLoader(ProblemDetail.class))
        .run(
            context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(PolarExceptionHandler.class));
    runner.run(context -> assertThat(context).doesNotHaveBean(PolarExceptionHandler.class));
  }

  @Test
  void lifecycle_stopsAfterTheWebServerAndBeforeReactorNettysResources() {
    runner.run(
        context -> {
          PolarLifecycle lifecycle = context.getBean(PolarLifecycle.class);
          assertThat(lifecycle.getPhase())
              .isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048)
              .isGreaterThan(new ReactorResourceFactory().getPhase());
          assertThat(lifecycle.isRunning()).isTrue();
          assertThat(lifecycle.isPauseable()).isFalse();
        });
  }

  @Test
  void actuatorSanitizer_masksTheTokenOnly() {
    runner.run(
        context -> {
          SanitizingFunction sanitizer = context.getBean(SanitizingFunction.class);
          MapPropertySource source = new MapPropertySource("test", Map.of());
          for (String key : List.of("polarflux.token", "POLARFLUX_TOKEN", "polarflux.TOKEN")) {
            assertThat(sanitizer.apply(new SanitizableData(source, key, TOKEN)).getValue())
                .as(key)
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
          }
          assertThat(
                  sanitizer
                      .apply(new SanitizableData(source, "polarflux.base-url", "https://x"))
                      .getValue())
              .isEqualTo("https://x");
        });
  }

  /** A registry that makes observations: one with a handler. */
  private static ObservationRegistry observations() {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(context -> true);
    return registry;
  }

  private static String listener(PolarClient client) throws ReflectiveOperationException {
    return String.valueOf(SettingsAccess.settings(client).get("listener"));
  }

  private static String stackTrace(Throwable t) {
    java.io.StringWriter out = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
