package dev.sluice.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The first failure of one upload, and the lock and condition every part of the upload waits on. A
 * failure in the background interrupts the caller's read of the stream (registered through {@link
 * #read}), so the caller throws at once and the producer stops through the pipe instead of at the
 * end of its data.
 */
final class FirstFailure {
  /** Guards the fields here and the state of {@link PartFlow}, {@link UploadIdLatch}. */
  final ReentrantLock lock = new ReentrantLock();

  /** Signalled when a part ends, the upload id arrives, or something fails. */
  final Condition changed = lock.newCondition();

  // Guarded by lock.
  private IOException failure;

  /** The caller's thread while it reads the stream, so a failure can interrupt the read. */
  private Thread reader;

  private boolean readerInterrupted;

  interface Read<T> {
    T read(InputStream in) throws IOException;
  }

  /** Records {@code e} unless a failure came first, and wakes everyone waiting. */
  void fail(IOException e) {
    lock.lock();
    try {
      if (failure == null) {
        failure = e;
        if (reader != null) {
          readerInterrupted = true;
          reader.interrupt();
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Records {@code e} unless a failure came first; returns the first failure. */
  IOException failOrFirst(IOException e) {
    lock.lock();
    try {
      if (failure == null) {
        failure = e;
      }
      changed.signalAll();
      return failure;
    } finally {
      lock.unlock();
    }
  }

  boolean failed() {
    lock.lock();
    try {
      return failure != null;
    } finally {
      lock.unlock();
    }
  }

  /** Throws the first failure, if any. The caller holds the lock. */
  void throwIfFailed() throws IOException {
    assert lock.isHeldByCurrentThread();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Runs {@code read} on {@code in} as the caller's read of the stream, which a failure elsewhere
   * interrupts; throws that failure rather than the interrupted read's error.
   */
  <T> T read(InputStream in, Read<T> read) throws IOException {
    lock.lock();
    try {
      throwIfFailed();
      reader = Thread.currentThread();
    } finally {
      lock.unlock();
    }
    try {
      return read.read(in);
    } catch (IOException e) {
      lock.lock();
      try {
        // Interrupted by fail(): the failure is the news, not the interrupted read.
        if (readerInterrupted) {
          failure.addSuppressed(e);
          throw failure;
        }
      } finally {
        lock.unlock();
      }
      throw e;
    } finally {
      lock.lock();
      try {
        reader = null;
        if (readerInterrupted) {
          readerInterrupted = false;
          Thread.interrupted();
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
