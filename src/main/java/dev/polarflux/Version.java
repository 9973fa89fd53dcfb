package dev.polarflux;

/** polarflux's own version, sent in the default user agent. */
final class Version {

  static final String VERSION = "0.1.0";

  private Version() {}
}
