package dev.sluice.core;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counts the bytes written through it, for {@link Export#progress()}. Written by one thread, read
 * by any: the count is published with opaque writes, which cost nothing on the writer's side and
 * reach readers soon, so the hot path takes no lock and no fence.
 *
 * <p>After {@link #discard()} writes are dropped: a failed export closes its compressor through a
 * discarding meter, which releases the compressor's native memory without touching the pipe. {@link
 * #close()} flushes but does not close the target; the export closes the pipe itself.
 */
final class Meter extends OutputStream {
  private static final VarHandle COUNT;

  static {
    try {
      COUNT = MethodHandles.lookup().findVarHandle(Meter.class, "count", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final OutputStream out;
  private long count;
  private volatile boolean discarding;

  Meter(OutputStream out) {
    this.out = out;
  }

  long count() {
    return (long) COUNT.getOpaque(this);
  }

  void discard() {
    discarding = true;
  }

  @Override
  public void write(int b) throws IOException {
    if (discarding) {
      return;
    }
    out.write(b);
    COUNT.setOpaque(this, count + 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (discarding) {
      return;
    }
    out.write(b, off, len);
    COUNT.setOpaque(this, count + len);
  }

  @Override
  public void flush() throws IOException {
    if (!discarding) {
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
