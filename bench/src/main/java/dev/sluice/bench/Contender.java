package dev.sluice.bench;

import dev.sluice.pipe.Pipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;

/** The pipes the benchmarks compare, each seen as an output stream connected to an input stream. */
enum Contender {
  /** {@code dev.sluice.pipe.Pipe}: synchronous hand-off, nothing buffered. */
  SLUICE("sluice") {
    @Override
    Ends open() {
      var pipe = Pipe.open();
      return new Ends(pipe.writer(), pipe.reader());
    }
  },
  /** {@code java.io.PipedInputStream} with its default 1024-byte ring buffer. */
  PIPED_1K("piped-1k") {
    @Override
    Ends open() {
      return piped(1024);
    }
  },
  /** {@code java.io.PipedInputStream} with a 64 KiB ring buffer. */
  PIPED_64K("piped-64k") {
    @Override
    Ends open() {
      return piped(64 * 1024);
    }
  },
  /** Okio's {@code Pipe} with a 64 KiB buffer; each write is handed to the pipe's sink. */
  OKIO_64K("okio-64k") {
    @Override
    Ends open() {
      var pipe = new okio.Pipe(64 * 1024);
      var sink = pipe.sink();
      var source = pipe.source();
      var out =
          new ArrayStreams.Out() {
            private final okio.Buffer buffer = new okio.Buffer();

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              buffer.write(b, off, len);
              sink.write(buffer, len);
            }

            @Override
            public void close() throws IOException {
              sink.close();
            }
          };
      var in =
          new ArrayStreams.In() {
            private final okio.Buffer buffer = new okio.Buffer();

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              if (buffer.size() == 0 && source.read(buffer, len) == -1) {
                return -1;
              }
              return buffer.read(b, off, len);
            }

            @Override
            public void close() throws IOException {
              source.close();
            }
          };
      return new Ends(out, in);
    }
  },
  /** The textbook hand-off: one ReentrantLock, two Conditions, a signal per write and per read. */
  LOCK_CONDITION("lock-condition") {
    @Override
    Ends open() {
      var pipe = new LockConditionPipe();
      return new Ends(pipe.out(), pipe.in());
    }
  },
  /** A bound, not a pipe: the bare spinning hand-off of {@link SpinBound}. */
  SPIN_BOUND("spin-bound") {
    @Override
    Ends open() {
      var pipe = new SpinBound();
      return new Ends(pipe.out(), pipe.in());
    }
  };

  /** The two ends of an open pipe. */
  record Ends(OutputStream out, InputStream in) {}

  final String id;

  Contender(String id) {
    this.id = id;
  }

  abstract Ends open();

  static Contender of(String id) {
    for (var c : values()) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown pipe: " + id);
  }

  private static Ends piped(int size) {
    try {
      var in = new PipedInputStream(size);
      return new Ends(new PipedOutputStream(in), in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
