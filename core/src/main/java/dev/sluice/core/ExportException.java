package dev.sluice.core;

/**
 * An export that did not complete. The message is one line a user can act on: it names the
 * destination or source, the step and the numbers, and never a password. {@link #reason()} says
 * which kind of failure it was, which the command line maps to an exit code.
 */
public final class ExportException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of failure ended the export. */
  public enum Reason {
    /** The export was set up wrong: bad URL, unknown driver, unwritable path, bad option. */
    CONFIGURATION,
    /** The database failed: connection refused or lost, bad SQL, a row that failed mid-query. */
    SOURCE,
    /** The destination failed: disk full, upload refused, server error. */
    SINK,
    /** The export was interrupted or cancelled. */
    INTERRUPTED
  }

  private final Reason reason;

  public ExportException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
  }

  public ExportException(Reason reason, String message) {
    this(reason, message, null);
  }

  public Reason reason() {
    return reason;
  }
}
