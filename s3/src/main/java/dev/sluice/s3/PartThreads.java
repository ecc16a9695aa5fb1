package dev.sluice.s3;

import dev.sluice.core.Uninterruptibly;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The virtual threads that upload one upload's parts, one a part: started as parts fill, and
 * stopped together when the upload aborts.
 */
final class PartThreads {
  /**
   * How long an abort lets the parts in flight end on their own before it interrupts them. A part
   * cut off mid-request may leave debris on some stores (S3Proxy keeps a half-written part file),
   * and S3 itself may store a part that was in progress during the abort.
   */
  static final Duration GRACE = Duration.ofSeconds(10);

  private final ReentrantLock lock = new ReentrantLock();

  /** Guarded by lock. */
  private final Set<Thread> running = new HashSet<>();

  /** Starts {@code upload} for part {@code number} on a virtual thread of its own. */
  void start(int number, Runnable upload) {
    lock.lock();
    try {
      running.add(
          Thread.ofVirtual()
              .name("sluice-s3-part-" + number)
              .start(
                  () -> {
                    try {
                      upload.run();
                    } finally {
                      ended();
                    }
                  }));
    } finally {
      lock.unlock();
    }
  }

  private void ended() {
    lock.lock();
    try {
      running.remove(Thread.currentThread());
    } finally {
      lock.unlock();
    }
  }

  /** Interrupts every part still running and waits for each to end. */
  void stop() {
    List<Thread> threads;
    lock.lock();
    try {
      threads = new ArrayList<>(running);
    } finally {
      lock.unlock();
    }
    // On a virtual thread, an interrupt closes the socket of a blocked request at once.
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      joinUninterruptibly(t);
    }
  }

  static void joinUninterruptibly(Thread t) {
    // A request blocked on a dead network ends with its socket timeout at the latest.
    Uninterruptibly.join(t, Duration.ofMinutes(2));
  }
}
