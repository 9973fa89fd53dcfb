package dev.polarflux.cli;

/** A command line that cannot be run as written. */
final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message, null, false, false);
  }
}
