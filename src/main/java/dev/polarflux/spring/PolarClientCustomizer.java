package dev.polarflux.spring;

import dev.polarflux.PolarClient;

/**
 * Adjusts the auto-configured {@link PolarClient} beyond what {@link PolarProperties} can say: a
 * token supplier, a shared rate budget, a retry policy, a listener. Customizer beans are applied in
 * their {@link org.springframework.core.Ordered order}, after the properties, each to the client
 * the previous one returned.
 *
 * <pre>{@code
 * @Bean
 * PolarClientCustomizer sessionTokens(SessionTokens tokens) {
 *   return client -> client.token(tokens.current());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface PolarClientCustomizer {

  /**
   * Returns the client to use: {@code client} itself or a copy made by its configuration methods.
   *
   * @param client the client configured so far
   * @return the client to use
   */
  PolarClient customize(PolarClient client);
}
