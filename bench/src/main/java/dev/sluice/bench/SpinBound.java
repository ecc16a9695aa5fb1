package dev.sluice.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Not a pipe anyone should use: the least a synchronous hand-off between two running threads can
 * cost on this machine, as a bound for the others. One writer and one reader, both spinning and
 * never parking; one word says how many of the offered bytes are left; the reader copies out of the
 * writer's array like every pipe here that buffers nothing. No locks, no parking, no interrupts, no
 * error to carry: everything a real pipe must do on top costs more than this.
 */
final class SpinBound {
  private byte[] array;
  private int end;

  /** The offered bytes not yet read; published by the writer, counted down by the reader. */
  private volatile int remaining;

  private volatile boolean closed;

  OutputStream out() {
    return new ArrayStreams.Out() {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        array = b;
        end = off + len;
        remaining = len;
        while (remaining != 0) {
          if (closed) {
            throw new IOException("closed");
          }
          Thread.onSpinWait();
        }
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }

  InputStream in() {
    return new ArrayStreams.In() {
      @Override
      public int read(byte[] b, int off, int len) {
        int left;
        while ((left = remaining) == 0) {
          if (closed) {
            return -1;
          }
          Thread.onSpinWait();
        }
        int n = Math.min(left, len);
        System.arraycopy(array, end - left, b, off, n);
        remaining = left - n;
        return n;
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }
}
