package dev.sluice.pipe;

import java.io.InterruptedIOException;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A non-reentrant mutual-exclusion lock whose state is followed by a cache line of padding, so that
 * the write lock and the read lock (allocated one after the other) never share a line.
 */
final class Mutex extends AbstractQueuedSynchronizer {
  private static final long serialVersionUID = 1L;

  long p1, p2, p3, p4, p5, p6, p7, p8;

  /**
   * Locks, waiting as long as it takes; an interrupt meanwhile throws, with the interrupt flag kept
   * and no byte transferred.
   */
  void lockInterruptibly() throws InterruptedIOException {
    try {
      acquireInterruptibly(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      var io = new InterruptedIOException("interrupted");
      io.bytesTransferred = 0;
      throw io;
    }
  }

  void lock() {
    acquire(1);
  }

  void unlock() {
    release(1);
  }

  @Override
  protected boolean tryAcquire(int arg) {
    if (compareAndSetState(0, 1)) {
      setExclusiveOwnerThread(Thread.currentThread());
      return true;
    }
    return false;
  }

  @Override
  protected boolean tryRelease(int arg) {
    setExclusiveOwnerThread(null);
    setState(0);
    return true;
  }

  @Override
  protected boolean isHeldExclusively() {
    return getExclusiveOwnerThread() == Thread.currentThread();
  }
}
