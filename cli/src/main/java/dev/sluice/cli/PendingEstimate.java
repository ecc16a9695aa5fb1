package dev.sluice.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link Estimator} running on a virtual thread of its own while the export runs. {@link #now()}
 * never blocks; {@link #await()} waits at most until {@link #BUDGET} after the start. Whatever the
 * estimator throws becomes "no estimate".
 */
final class PendingEstimate {
  /** How long after the start {@link #await()} still waits for an estimate. */
  static final Duration BUDGET = Duration.ofSeconds(1);

  /** Known at once to be empty. */
  static final PendingEstimate NONE =
      new PendingEstimate(CompletableFuture.completedFuture(Optional.empty()), 0);

  private final CompletableFuture<Optional<Estimate>> result;
  private final long deadlineNanos;

  private PendingEstimate(CompletableFuture<Optional<Estimate>> result, long deadlineNanos) {
    this.result = result;
    this.deadlineNanos = deadlineNanos;
  }

  /** Starts {@code estimator} and returns at once. */
  static PendingEstimate start(Estimator estimator) {
    var result = new CompletableFuture<Optional<Estimate>>();
    // A virtual thread is a daemon: an estimator still stuck when the command ends never holds
    // the JVM.
    Thread.ofVirtual()
        .name("sluice-estimate")
        .start(
            () -> {
              try {
                result.complete(estimator.estimate());
              } catch (Throwable e) {
                result.complete(Optional.empty());
              }
            });
    return new PendingEstimate(result, System.nanoTime() + BUDGET.toNanos());
  }

  /** A pending estimate already holding {@code estimate}. */
  static PendingEstimate of(Estimate estimate) {
    return new PendingEstimate(CompletableFuture.completedFuture(Optional.of(estimate)), 0);
  }

  /** The estimate if it has arrived, else null (not yet, or none). */
  Estimate now() {
    return result.getNow(Optional.empty()).orElse(null);
  }

  /** The estimate, waiting for it until the budget is spent; empty without one. */
  Optional<Estimate> await() {
    try {
      long wait = Math.max(0, deadlineNanos - System.nanoTime());
      return result.get(wait, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
