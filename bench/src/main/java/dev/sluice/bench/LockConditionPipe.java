package dev.sluice.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reference the pipe is measured against: a synchronous hand-off written the textbook way, one
 * lock and two conditions, so every write and every read that waits pays an OS wake-up on platform
 * threads. Single writer, single reader; enough for the benchmarks, not for production.
 */
final class LockConditionPipe {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition offered = lock.newCondition();
  private final Condition consumed = lock.newCondition();
  private byte[] offer;
  private int offerPos;
  private int offerEnd;
  private boolean closed;

  OutputStream out() {
    return new ArrayStreams.Out() {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
          if (closed) {
            throw new IOException("closed");
          }
          offer = b;
          offerPos = off;
          offerEnd = off + len;
          offered.signal();
          while (offerPos < offerEnd && !closed) {
            consumed.await();
          }
          offer = null;
          if (offerPos < offerEnd) {
            throw new IOException("closed");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted");
        } finally {
          lock.unlock();
        }
      }

      @Override
      public void close() {
        closeBoth();
      }
    };
  }

  InputStream in() {
    return new ArrayStreams.In() {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
          while (offer == null || offerPos == offerEnd) {
            if (closed) {
              return -1;
            }
            offered.await();
          }
          int n = Math.min(len, offerEnd - offerPos);
          System.arraycopy(offer, offerPos, b, off, n);
          offerPos += n;
          if (offerPos == offerEnd) {
            consumed.signal();
          }
          return n;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted");
        } finally {
          lock.unlock();
        }
      }

      @Override
      public void close() {
        closeBoth();
      }
    };
  }

  private void closeBoth() {
    lock.lock();
    try {
      closed = true;
      offered.signalAll();
      consumed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
