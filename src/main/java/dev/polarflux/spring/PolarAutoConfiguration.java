package dev.polarflux.spring;

import dev.polarflux.PolarClient;
import dev.polarflux.micrometer.MicrometerPolarListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The Spring Boot auto-configuration of polarflux: a {@link PolarClient} bean configured by {@link
 * PolarProperties} ({@code polarflux.*}) and the {@link PolarClientCustomizer} beans, closed by
 * {@link PolarLifecycle}; Micrometer meters and observations when the application has a {@code
 * MeterRegistry}; {@link PolarExceptionHandler} in a WebFlux application; and, with the actuator,
 * {@code polarflux.token} masked in its endpoints.
 *
 * <p>An application that declares its own {@code PolarClient} bean replaces the client; its bean is
 * still closed by {@link PolarLifecycle}.
 */
// Spring is required statically, not transitively: an application using this package has Spring.
@SuppressWarnings("exports")
@AutoConfiguration
@EnableConfigurationProperties(PolarProperties.class)
public class PolarAutoConfiguration {

  /** Creates the auto-configuration. */
  public PolarAutoConfiguration() {}

  /**
   * The client, configured by the properties and then by each customizer in order.
   *
   * @param properties the {@code polarflux.*} properties
   * @param customizers the customizers
   * @return the client
   * @throws IllegalArgumentException naming the property, when a property's value is refused
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public PolarClient polarClient(
      PolarProperties properties, ObjectProvider<PolarClientCustomizer> customizers) {
    PolarClient client = configure(PolarClient.create(), properties);
    for (PolarClientCustomizer customizer : customizers.orderedStream().toList()) {
      client = customizer.customize(client);
    }
    return client;
  }

  /**
   * Closes the context's clients and test servers after the web server and before Reactor Netty's
   * shared resources.
   *
   * @param beans the bean factory
   * @return the lifecycle
   */
  @Bean
  @ConditionalOnMissingBean
  public static PolarLifecycle polarLifecycle(ConfigurableListableBeanFactory beans) {
    return new PolarLifecycle(beans);
  }

  /** Applies the properties to {@code client}, each refusal naming its property. */
  static PolarClient configure(PolarClient client, PolarProperties p) {
    client = set(client, "base-url", c -> c.baseUrl(p.getBaseUrl()));
    if (p.getToken() != null) {
      client = set(client, "token", c -> c.token(p.getToken()));
    }
    client = set(client, "polar-version", c -> c.polarVersion(p.getPolarVersion()));
    if (p.getUserAgent() != null) {
      client = set(client, "user-agent", c -> c.userAgent(p.getUserAgent()));
    }
    client = set(client, "concurrency", c -> c.concurrency(p.getConcurrency()));
    client = set(client, "read-ahead", c -> c.readAhead(p.getReadAhead()));
    client = client.streaming(p.isStreaming());
    client = set(client, "connect-timeout", c -> c.connectTimeout(p.getConnectTimeout()));
    client = set(client, "response-timeout", c -> c.responseTimeout(p.getResponseTimeout()));
    client = set(client, "deadline", c -> c.deadline(p.getDeadline()));
    client =
        set(
            client,
            "max-body-size",
            c -> c.maxBodySize((int) Math.min(p.getMaxBodySize().toBytes(), Integer.MAX_VALUE)));
    client = set(client, "retries", c -> c.retries(p.getRetries()));
    client =
        set(client, "backoff", c -> c.backoff(p.getBackoff().getMin(), p.getBackoff().getMax()));
    client = set(client, "max-retry-after", c -> c.maxRetryAfter(p.getMaxRetryAfter()));
    client = client.allowInsecureHttp(p.isAllowInsecureHttp());
    client = set(client, "drift-policy", c -> c.driftPolicy(p.getDriftPolicy()));
    client = client.dropDuplicates(p.isDropDuplicates());
    client = set(client, "rate-limit", c -> c.rateLimit(p.getRateLimit()));
    client =
        set(
            client,
            "key-operations-rate-limit",
            c -> c.keyOperationsRateLimit(p.getKeyOperationsRateLimit()));
    if (p.getMetrics().isHttpClient()) {
      client = set(client, "metrics.http-client", c -> c.metrics(true));
    }
    return client;
  }

  private static PolarClient set(
      PolarClient client, String property, UnaryOperator<PolarClient> op) {
    try {
      return op.apply(client);
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      throw new IllegalArgumentException(
          "polarflux." + property + " is invalid: " + e.getMessage(), e);
    }
  }

  /** Micrometer meters and observations, when Micrometer is on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class MicrometerConfiguration {

    /**
     * Gives the client a {@link MicrometerPolarListener} on the application's meter registry (and
     * observation registry); does nothing without a meter registry. Runs before the application's
     * customizers, which may replace the listener.
     */
    @Bean
    static PolarClientCustomizer polarMicrometerCustomizer(
        ObjectProvider<MeterRegistry> meters,
        ObjectProvider<ObservationRegistry> observations,
        ObjectProvider<PolarProperties> properties) {
      return new MicrometerCustomizer(meters, observations, properties);
    }
  }

  /** The customizer of {@link MicrometerConfiguration}, first of all customizers. */
  static final class MicrometerCustomizer implements PolarClientCustomizer, Ordered {
    private final ObjectProvider<MeterRegistry> meters;
    private final ObjectProvider<ObservationRegistry> observations;
    private final ObjectProvider<PolarProperties> properties;

    MicrometerCustomizer(
        ObjectProvider<MeterRegistry> meters,
        ObjectProvider<ObservationRegistry> observations,
        ObjectProvider<PolarProperties> properties) {
      this.meters = meters;
      this.observations = observations;
      this.properties = properties;
    }

    @Override
    public PolarClient customize(PolarClient client) {
      PolarProperties.Metrics settings = properties.getObject().getMetrics();
      MeterRegistry registry = meters.getIfUnique();
      if (registry != null && settings.isEnabled()) {
        MicrometerPolarListener listener = MicrometerPolarListener.create(registry);
        ObservationRegistry observationRegistry = observations.getIfUnique();
        if (observationRegistry != null && settings.isObservations()) {
          listener = listener.observationRegistry(observationRegistry);
        }
        client = client.listener(listener);
      }
      return client;
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }
  }

  /** {@link PolarExceptionHandler}, in a WebFlux application. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(ProblemDetail.class)
  @ConditionalOnBooleanProperty(name = "polarflux.problem-details.enabled", matchIfMissing = true)
  static class ProblemDetailsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PolarProblemDetails polarProblemDetails(PolarProperties properties) {
      Integer unauthorized = properties.getProblemDetails().getUnauthorizedStatus();
      PolarProblemDetails details = PolarProblemDetails.create();
      return unauthorized == null
          ? details
          : details.unauthorizedStatus(HttpStatus.valueOf(unauthorized));
    }

    @Bean
    @ConditionalOnMissingBean
    PolarExceptionHandler polarExceptionHandler(PolarProblemDetails problems) {
      return new PolarExceptionHandler(problems);
    }
  }

  /** Masks {@code polarflux.token} in the actuator's endpoints, whatever they are told to show. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
  static class ActuatorConfiguration {

    @Bean
    static SanitizingFunction polarTokenSanitizer() {
      return data -> isToken(data) ? data.withSanitizedValue() : data;
    }

    /**
     * {@code polarflux.token} as a property, {@code POLARFLUX_TOKEN} as an environment variable.
     */
    private static boolean isToken(SanitizableData data) {
      String key = data.getKey().toLowerCase(Locale.ROOT).replace('_', '.');
      return key.equals("polarflux.token");
    }
  }
}
