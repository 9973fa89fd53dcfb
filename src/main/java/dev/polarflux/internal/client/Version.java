package dev.polarflux.internal.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * polarflux's own version, sent in the default user agent: the project version the build wrote into
 * {@code dev/polarflux/polarflux.properties}, which the class path, the module path and the tests
 * all see alike.
 */
public final class Version {

  static final String VERSION = read();

  private Version() {}

  private static String read() {
    try (InputStream in =
        Version.class.getResourceAsStream("/dev/polarflux/polarflux.properties")) {
      if (in == null) {
        throw new IllegalStateException("polarflux.properties is missing from the jar");
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version");
      if (version == null || version.isBlank() || version.startsWith("${")) {
        throw new IllegalStateException("polarflux.properties holds no version");
      }
      return version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
