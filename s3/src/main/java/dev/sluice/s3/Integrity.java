package dev.sluice.s3;

import java.io.InterruptedIOException;
import java.util.EnumMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The checksum the data requests of one upload carry, and the clients that send them.
 *
 * <p>With {@link ChecksumMode#ON} every part carries a CRC32C, with {@link ChecksumMode#OFF} a
 * Content-MD5. With {@link ChecksumMode#AUTO} parts carry the SDK's checksums; against a custom
 * endpoint, until one data request has been accepted with them, a refusal that may concern them
 * (see {@link StoreErrors#mayRefuseChecksum}) is not retried as is: the upload falls back to
 * Content-MD5 for good and sends that request again at once. Falling back never loses integrity
 * (the store still verifies every part), so it is safe to do on a mere suspicion, such as a
 * connection cut while a body was sent.
 *
 * <p>Safe to use from every part's thread.
 */
final class Integrity implements AutoCloseable {
  /** A data request that can be sent with either checksum. */
  interface DataRequest<T> {
    T send(S3Client s3, PartChecksum checksum) throws SdkException;
  }

  private final S3Settings settings;
  private final int maxConnections;
  private final boolean mayFallBack;
  private final ReentrantLock lock = new ReentrantLock();

  /** Built on first use. Guarded by lock. */
  private final EnumMap<PartChecksum, S3Client> clients = new EnumMap<>(PartChecksum.class);

  private volatile PartChecksum current;

  /** True once a data request was accepted with the SDK's checksums: no fallback after that. */
  private volatile boolean confirmed;

  /** The refusal that made the upload fall back, described; null while it has not. */
  private volatile String refusal;

  Integrity(S3Settings settings, int maxConnections) {
    this.settings = settings;
    this.maxConnections = maxConnections;
    this.current =
        switch (settings.checksum()) {
          case ON -> PartChecksum.CRC32C;
          case OFF -> PartChecksum.MD5;
          // With the SDK's checksums turned off in the environment its parts would carry none.
          case AUTO -> sdkChecksumsOff() ? PartChecksum.MD5 : PartChecksum.SDK;
        };
    this.mayFallBack =
        settings.checksum() == ChecksumMode.AUTO && S3Clients.endpoint(settings) != null;
  }

  /** Whether {@code AWS_REQUEST_CHECKSUM_CALCULATION} or its system property says when_required. */
  private static boolean sdkChecksumsOff() {
    for (String v :
        new String[] {
          System.getProperty("aws.requestChecksumCalculation"),
          System.getenv("AWS_REQUEST_CHECKSUM_CALCULATION")
        }) {
      if (v != null && !v.isBlank()) {
        return v.trim().equalsIgnoreCase("when_required");
      }
    }
    return false;
  }

  /** The checksum data requests carry now. */
  PartChecksum current() {
    return current;
  }

  /** Why the upload fell back to Content-MD5, or null if it did not. */
  String refusal() {
    return refusal;
  }

  /** The client for requests without a body (create, complete, abort). */
  S3Client client() {
    return client(current);
  }

  S3Client client(PartChecksum checksum) {
    lock.lock();
    try {
      return clients.computeIfAbsent(checksum, c -> S3Clients.build(settings, c, maxConnections));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends {@code request} with the current checksum through {@code attempts}, falling back once as
   * the class describes; gives up retrying when {@code stop} is true.
   */
  <T> T send(Attempts attempts, DataRequest<T> request, BooleanSupplier stop)
      throws Attempts.Failed, InterruptedIOException {
    PartChecksum first = current;
    boolean probing = mayFallBack && first != PartChecksum.MD5 && !confirmed;
    try {
      T result =
          attempts.run(
              () -> request.send(client(first), first),
              e -> stop.getAsBoolean() || (probing && StoreErrors.mayRefuseChecksum(e)));
      if (first != PartChecksum.MD5) {
        confirmed = true;
      }
      return result;
    } catch (Attempts.Failed e) {
      // A store that took the SDK's checksums for another part refused this one for some other
      // reason. Parts sent with them before another part fell back fall back too.
      if (!probing
          || confirmed
          || stop.getAsBoolean()
          || !StoreErrors.mayRefuseChecksum(e.getCause())) {
        throw e;
      }
      fallBack(e.getCause());
      try {
        return attempts.run(() -> request.send(client(PartChecksum.MD5), PartChecksum.MD5), stop);
      } catch (Attempts.Failed again) {
        again.addSuppressed(e.getCause());
        throw again;
      }
    }
  }

  private void fallBack(Throwable cause) {
    lock.lock();
    try {
      if (current != PartChecksum.MD5) {
        refusal = StoreErrors.describe(cause);
        current = PartChecksum.MD5;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      clients.values().forEach(S3Client::close);
      clients.clear();
    } finally {
      lock.unlock();
    }
  }
}
