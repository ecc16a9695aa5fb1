package dev.sluice.s3;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one S3 request up to {@code attempts} times, sleeping with exponential backoff and jitter
 * between attempts. Only failures a retry can cure are retried: network errors, timeouts, 5xx and
 * throttling. A 4xx answer (403, 404 NoSuchBucket) fails at once. The SDK's own retries are off, so
 * the count in a message is the true number of requests.
 */
final class Attempts {
  private static final long MAX_SLEEP_NANOS = Duration.ofSeconds(20).toNanos();

  private final int attempts;
  private final long backoffNanos;

  Attempts(int attempts, Duration backoff) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts < 1: " + attempts);
    }
    this.attempts = attempts;
    this.backoffNanos = backoff.toNanos();
  }

  interface Request<T> {
    T send() throws SdkException;
  }

  /** Why a request failed for good: the last error and how many attempts were made. */
  static final class Failed extends Exception {
    final int attempts;

    Failed(int attempts, Throwable cause) {
      super(cause.getMessage(), cause);
      this.attempts = attempts;
    }
  }

  <T> T run(Request<T> request) throws Failed, InterruptedIOException {
    return run(request, () -> false);
  }

  /** Like {@link #run(Request)}, but gives up retrying as soon as {@code stop} is true. */
  <T> T run(Request<T> request, BooleanSupplier stop) throws Failed, InterruptedIOException {
    return run(request, e -> stop.getAsBoolean());
  }

  /** Like {@link #run(Request)}, but gives up retrying when {@code giveUp} holds for an error. */
  <T> T run(Request<T> request, Predicate<SdkException> giveUp)
      throws Failed, InterruptedIOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return request.send();
      } catch (SdkException e) {
        if (Thread.currentThread().isInterrupted() || e instanceof AbortedException) {
          throw interrupted(e);
        }
        if (attempt >= attempts || !retryable(e) || giveUp.test(e)) {
          throw new Failed(attempt, e);
        }
        sleep(attempt, e);
      }
    }
  }

  int attempts() {
    return attempts;
  }

  static boolean retryable(SdkException e) {
    if (e instanceof AwsServiceException service) {
      int status = service.statusCode();
      // 501 NotImplemented is a store refusing a feature (a checksum header): it stays refused.
      return (status >= 500 && status != 501)
          || status == 429
          || status == 408
          || service.isThrottlingException();
    }
    return e instanceof SdkClientException;
  }

  private void sleep(int attempt, SdkException cause) throws InterruptedIOException {
    long ceiling = Math.min(MAX_SLEEP_NANOS, backoffNanos << Math.min(attempt - 1, 20));
    // Equal jitter: half the ceiling for sure, so retries never pile up at once.
    long nanos = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    try {
      Thread.sleep(Duration.ofNanos(nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(cause);
    }
  }

  private static InterruptedIOException interrupted(Throwable cause) {
    var e = new InterruptedIOException("interrupted");
    e.initCause(cause);
    return e;
  }
}
