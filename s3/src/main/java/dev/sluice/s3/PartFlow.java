package dev.sluice.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Flow control of one upload's parts: a part to fill is handed out only while fewer than {@code
 * parallelism} parts are in flight and the part buffers stay within the memory budget; a part
 * larger than the budget is staged in a temp file, at most two of which exist at once (one
 * uploading while the next fills). Waiting callers wake when a part ends or the upload fails.
 */
final class PartFlow {
  /** The largest part kept in a Java array; larger parts are staged on disk. */
  private static final long MAX_ARRAY_PART = 1L << 30;

  private final FirstFailure failure;
  private final int parallelism;
  private final Path tempDir;
  // Guarded by failure.lock.
  private final BufferPool pool;
  private int inFlight;
  private int onDisk;

  /** The part the caller is filling, released if the upload fails before it is submitted. */
  private Part filling;

  PartFlow(FirstFailure failure, long maxMemory, int parallelism, Path tempDir) {
    this.failure = failure;
    this.pool = new BufferPool(maxMemory);
    this.parallelism = parallelism;
    this.tempDir = tempDir;
  }

  /** A part of {@code size} bytes to fill, once the parts in flight leave room for it. */
  Part take(long size) throws IOException {
    boolean inMemory = inMemory(size, pool.budget());
    failure.lock.lock();
    try {
      while (true) {
        failure.throwIfFailed();
        if (inFlight < parallelism) {
          if (inMemory) {
            byte[] buffer = pool.take((int) size);
            if (buffer != null) {
              return filling = new Part.InMemory(buffer);
            }
          } else if (onDisk == 0) {
            break;
          }
        }
        failure.changed.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } finally {
      failure.lock.unlock();
    }
    var part = new Part.OnDisk(Files.createTempFile(tempDir, "sluice-s3-part-", ".tmp"));
    failure.lock.lock();
    try {
      return filling = part;
    } finally {
      failure.lock.unlock();
    }
  }

  /** Whether a part of {@code size} bytes is held in memory under {@code budget}, not on disk. */
  static boolean inMemory(long size, long budget) {
    return size <= budget && size <= MAX_ARRAY_PART;
  }

  /** The filled part is handed to its upload: it counts as in flight until {@link #done}. */
  void submitted(Part part) {
    failure.lock.lock();
    try {
      filling = null;
      inFlight++;
      if (part instanceof Part.OnDisk) {
        onDisk++;
      }
    } finally {
      failure.lock.unlock();
    }
  }

  /** The part's upload ended, well or not: its buffer or file is released. */
  void done(Part part) {
    failure.lock.lock();
    try {
      inFlight--;
      release(part);
      failure.changed.signalAll();
    } finally {
      failure.lock.unlock();
    }
  }

  /** The part being filled is not going to be uploaded as a part (a PutObject, or a failure). */
  void drop() {
    failure.lock.lock();
    try {
      if (filling != null) {
        release(filling);
        filling = null;
      }
    } finally {
      failure.lock.unlock();
    }
  }

  /** Waits until no part is in flight or the upload failed. The caller holds the lock. */
  void awaitIdle() throws InterruptedException {
    assert failure.lock.isHeldByCurrentThread();
    while (inFlight > 0 && !failure.failed()) {
      failure.changed.await();
    }
  }

  /** Waits up to {@code nanos} for the parts in flight to end, failed or not. */
  void awaitNoneInFlight(long nanos) throws InterruptedException {
    assert failure.lock.isHeldByCurrentThread();
    while (inFlight > 0 && nanos > 0) {
      nanos = failure.changed.awaitNanos(nanos);
    }
  }

  /** The most part-buffer bytes held at once. */
  long peak() {
    failure.lock.lock();
    try {
      return pool.peak();
    } finally {
      failure.lock.unlock();
    }
  }

  private void release(Part part) {
    if (part instanceof Part.InMemory m) {
      pool.give(m.buffer);
    } else if (part instanceof Part.OnDisk d) {
      d.delete();
      if (filling != part) {
        onDisk--;
      }
    }
  }
}
