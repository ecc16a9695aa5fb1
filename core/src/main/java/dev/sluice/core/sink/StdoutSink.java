package dev.sluice.core.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * Copies the export to standard output (or to any stream given at construction), flushing at the
 * end. The stream is never closed: it belongs to the caller.
 *
 * <p><b>On failure</b> what was already written stays written: a reader downstream sees a truncated
 * stream (for gzip and zstd, one without its trailer, which their decoders reject), and the command
 * exits non-zero. A {@link PrintStream} such as {@code System.out} swallows write errors; this sink
 * checks {@link PrintStream#checkError()} and fails when the stream did, for example when the
 * reader of a shell pipe went away.
 */
public final class StdoutSink implements Sink {
  private final OutputStream out;

  /** A sink writing to {@code System.out} as it is when this constructor runs. */
  public StdoutSink() {
    this(System.out);
  }

  /** A sink writing to {@code out}, which it never closes. */
  public StdoutSink(OutputStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public String destination() {
    return "stdout";
  }

  @Override
  public Receipt write(InputStream data, ContentType contentType) throws IOException {
    long bytes = data.transferTo(out instanceof PrintStream print ? new Checked(print) : out);
    out.flush();
    return Receipt.of("stdout", bytes);
  }

  /** Turns a {@link PrintStream}'s silent error flag into an exception at the failing write. */
  private static final class Checked extends OutputStream {
    private final PrintStream out;

    Checked(PrintStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      // checkError() also flushes, so each chunk reaches the file descriptor before the next.
      if (out.checkError()) {
        throw new IOException("stdout: write failed (the reader of the output went away?)");
      }
    }
  }

  @Override
  public String toString() {
    return "StdoutSink";
  }
}
