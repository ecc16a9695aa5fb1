package dev.sluice.cli;

/**
 * Bad usage found after parsing: options that do not fit together, a destination the command cannot
 * write to, a URL no driver accepts. Exits 2 with the message as the one line.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
