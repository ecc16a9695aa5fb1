package dev.sluice.s3;

import java.io.InterruptedIOException;
import java.util.concurrent.Callable;

/**
 * The multipart upload's id, asked for on a thread of its own as soon as the upload starts (so a
 * missing bucket or wrong credentials stop the producer before a part fills), and awaited by every
 * part before it can be sent.
 */
final class UploadIdLatch {
  private final FirstFailure failure;
  // Guarded by failure.lock.
  private Thread creator;
  private String id;
  private boolean done;

  UploadIdLatch(FirstFailure failure) {
    this.failure = failure;
  }

  /**
   * Runs {@code create} on a virtual thread; it returns the id, or null when it failed (and
   * reported the failure itself) or was cancelled.
   */
  void start(Callable<String> create) {
    failure.lock.lock();
    try {
      creator =
          Thread.ofVirtual()
              .name("sluice-s3-create")
              .start(
                  () -> {
                    String result = null;
                    try {
                      result = create.call();
                    } catch (Exception e) {
                      // create reports its own failures; anything else is a cancellation.
                    } finally {
                      failure.lock.lock();
                      try {
                        id = result;
                        done = true;
                        failure.changed.signalAll();
                      } finally {
                        failure.lock.unlock();
                      }
                    }
                  });
    } finally {
      failure.lock.unlock();
    }
  }

  /**
   * The id once CreateMultipartUpload answered; null if it failed or was cancelled, or if the
   * upload failed before it answered.
   */
  String await() throws InterruptedIOException {
    failure.lock.lock();
    try {
      while (!done && !failure.failed()) {
        failure.changed.await();
      }
      return id;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } finally {
      failure.lock.unlock();
    }
  }

  /** The id as known now, or null. */
  String now() {
    failure.lock.lock();
    try {
      return id;
    } finally {
      failure.lock.unlock();
    }
  }

  /** Waits for CreateMultipartUpload to end however it ends; returns its id or null. */
  String join() {
    Thread t;
    failure.lock.lock();
    try {
      t = creator;
    } finally {
      failure.lock.unlock();
    }
    if (t != null) {
      PartThreads.joinUninterruptibly(t);
    }
    return now();
  }
}
