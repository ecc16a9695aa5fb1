package dev.sluice.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * While open, a SIGINT (or any JVM shutdown) cancels a running export and holds the JVM until the
 * command has finished ({@code finished} counts down once it has printed its error), so that the
 * destination is cleaned up and the process exits with 130. Closing removes the hook; a hook that
 * is already running keeps waiting for the command.
 */
final class CancelOnShutdown implements AutoCloseable {
  /** How long a SIGINT waits for the export to abort and its destination to be cleaned up. */
  static final long ABORT_WAIT_SECONDS = 30;

  private final Thread hook;

  private CancelOnShutdown(Thread hook) {
    this.hook = hook;
  }

  /** Installs the hook when {@code shell} takes signals; otherwise does nothing. */
  static CancelOnShutdown install(Shell shell, Runnable cancel, CountDownLatch finished) {
    if (!shell.signals()) {
      return new CancelOnShutdown(null);
    }
    var hook =
        new Thread(
            () -> {
              cancel.run();
              try {
                finished.await(ABORT_WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sluice-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    return new CancelOnShutdown(hook);
  }

  @Override
  public void close() {
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it waits for this command to finish reporting.
      }
    }
  }
}
