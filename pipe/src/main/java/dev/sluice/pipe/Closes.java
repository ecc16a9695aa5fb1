package dev.sluice.pipe;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Whether each side of a {@link Pipe} is closed, and with what: each side's error is set once, by
 * compare-and-set, so the first close wins. Both sides read the errors in every wait; nothing
 * writes them after a close, so their line stays in both cores' caches.
 */
final class Closes extends Layout.ClosesEnd {
  /** The error of a side closed without one. */
  static final Throwable CLOSED = new Throwable("closed", null, false, false) {};

  private static final VarHandle READER;

  private static final VarHandle WRITER;

  static {
    try {
      var lookup = MethodHandles.lookup();
      READER = lookup.findVarHandle(Layout.ClosesErrors.class, "reader", Throwable.class);
      WRITER = lookup.findVarHandle(Layout.ClosesErrors.class, "writer", Throwable.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Closes the read side with {@code error} (null: without one) unless it is closed already. */
  void closeReader(Throwable error) {
    READER.compareAndSet(this, null, error == null ? CLOSED : error);
  }

  /** Closes the write side with {@code error} (null: without one) unless it is closed already. */
  void closeWriter(Throwable error) {
    WRITER.compareAndSet(this, null, error == null ? CLOSED : error);
  }

  boolean readerClosed() {
    return reader != null;
  }

  boolean writerClosed() {
    return writer != null;
  }

  /** Whether either side is closed: every wait's way out, with an interrupt. */
  boolean any() {
    return reader != null || writer != null;
  }

  /** Throws what a write sees on a closed pipe, if either side is closed. */
  void checkWritable() throws IOException {
    if (writer != null) {
      throw new ClosedPipeException("write on closed pipe writer");
    }
    Throwable r = reader;
    if (r == CLOSED) {
      throw new ClosedPipeException("write on pipe closed by its reader");
    }
    if (r != null) {
      throw new IOException("pipe reader failed: " + r, r);
    }
  }

  /** Throws if the read side is closed: a read on its own closed half. */
  void checkReadable() throws ClosedPipeException {
    if (reader != null) {
      throw new ClosedPipeException("read on closed pipe reader");
    }
  }

  /**
   * What a read with no bytes ends with once the write side is closed: -1 after a close without an
   * error, the error after one; 0 while the write side is open.
   */
  int checkEnd() throws IOException {
    Throwable w = writer;
    if (w == CLOSED) {
      return -1;
    }
    if (w != null) {
      throw new IOException("pipe writer failed: " + w, w);
    }
    return 0;
  }

  /**
   * What a write withdrawn after {@code transferred} of its bytes were consumed throws: the close's
   * error, or, with no close, the interrupt's.
   */
  IOException writeFailure(int transferred, boolean interrupted) {
    if (interrupted && !any()) {
      var e = new InterruptedIOException("interrupted");
      e.bytesTransferred = transferred;
      return e;
    }
    try {
      checkWritable();
    } catch (IOException e) {
      return e;
    }
    throw new AssertionError("write withdrawn without a cause");
  }
}
