package dev.sluice.core;

import static dev.sluice.core.ExportException.Reason.CONFIGURATION;
import static dev.sluice.core.ExportException.Reason.INTERRUPTED;
import static dev.sluice.core.ExportException.Reason.SINK;
import static dev.sluice.core.ExportException.Reason.SOURCE;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.compress.CompressionStage;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.manifest.Recorder;
import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.Receipt;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.source.Cursor;
import dev.sluice.core.source.Source;
import dev.sluice.core.text.Message;
import dev.sluice.pipe.Pipe;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of source, format, compression, pipe and sink.
 *
 * <pre>{@code
 * ExportResult result = Export.builder()
 *     .source(JdbcSource.builder("jdbc:postgresql://127.0.0.1/shop").table("orders").build())
 *     .format(Format.NDJSON)
 *     .compression(Compression.GZIP)
 *     .sink(FileSink.of(Path.of("orders.ndjson.gz")))
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>{@link #run()} connects and runs the query on the calling thread, so that a bad URL or bad SQL
 * fails before the sink is touched. Then a producer on its own virtual thread encodes the rows and
 * writes them into a {@link Pipe}, while the sink consumes the pipe on the calling thread. With
 * compression, a third virtual thread compresses between the encoder and the pipe, through a pipe
 * of its own ({@link CompressionStage}), so that encoding and compression use two cores. Nothing
 * is buffered between them: a slow sink slows the database cursor.
 *
 * <p>Errors cross the pipe both ways. When the query fails the sink's read fails with it, the sink
 * aborts, and {@code run} throws {@link ExportException.Reason#SOURCE} with the database's message.
 * When the sink fails, the pipe's read side closes with that error, the query is cancelled (the
 * producer may be blocked inside the driver), and {@code run} throws {@link
 * ExportException.Reason#SINK}. {@link #cancel()} does both from any thread and {@code run} throws
 * {@link ExportException.Reason#INTERRUPTED}. In every case {@code run} returns only after the
 * producer thread has ended and the connection is closed.
 *
 * <p>A manifest ({@link Manifest}: counts, SHA-256 of the stored and of the uncompressed bytes,
 * columns, source) is computed while the bytes stream, by default when there is a place beside the
 * data to store it (the sink has a {@linkplain Sink#sibling sibling}: files, S3). It is stored only
 * after the sink committed the data, never for a failed export; {@link ExportResult#manifest()}
 * carries it.
 *
 * <p>Memory: the encoder's buffer, one row, and the compressor's input buffer (64 KiB) and window
 * (gzip 64 KiB of output, zstd about 128 KiB plus its window). An export runs once.
 */
public final class Export {
  /** How long {@link #run()} waits for a producer told to stop before closing its connection. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private static final VarHandle ROWS;

  static {
    try {
      ROWS = MethodHandles.lookup().findVarHandle(Export.class, "rows", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Source source;
  private final Format format;
  private final FormatOptions formatOptions;
  private final Compression compression;
  private final int compressionLevel;
  private final Sink sink;
  private final boolean manifest;
  /** Where the manifest goes: the one given, or beside the data; empty: computed, not stored. */
  private final Optional<Sink> manifestStore;

  private final AtomicBoolean started = new AtomicBoolean();

  /** Rows encoded; written by the producer with opaque writes, read by {@link #progress()}. */
  @SuppressWarnings("unused")
  private long rows;

  private volatile long startNanos;
  private volatile Meter rawMeter;
  private volatile Meter storedMeter;
  private volatile Cursor cursor;
  private volatile Pipe pipe;
  private volatile boolean cancelled;
  private volatile Recorder recorder;

  /** Set by the producer before it closes the pipe with it, so the sink side sees it first. */
  private volatile Throwable producerFailure;

  private Export(Builder b) {
    this.source = Objects.requireNonNull(b.source, "source");
    this.format = b.format;
    this.formatOptions = b.formatOptions;
    this.compression = b.compression;
    this.compressionLevel =
        compression.checkLevel(b.level == null ? compression.defaultLevel() : b.level);
    this.sink = Objects.requireNonNull(b.sink, "sink");
    this.manifestStore = b.manifestStore != null ? Optional.of(b.manifestStore)
        : sink.sibling(Manifest.SUFFIX);
    this.manifest = switch (b.manifest) {
      case BY_DEFAULT -> manifestStore.isPresent();
      case ON -> true;
      case OFF -> false;
    };
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the export on the calling thread (the sink) and a virtual thread (the producer) and
   * returns when the sink has committed.
   *
   * @throws ExportException if anything failed; the destination is left as the sink documents.
   *     Its reason says who failed: {@code CONFIGURATION} (bad URL, missing driver, unwritable
   *     destination), {@code SOURCE} (connection, SQL, a row mid-stream), {@code SINK}, or {@code
   *     INTERRUPTED} after {@link #cancel()} or an interrupt of the calling thread.
   * @throws IllegalStateException if this export already ran.
   */
  public ExportResult run() throws ExportException {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("an export runs once");
    }
    startNanos = System.nanoTime();
    var r = manifest
        ? Recorder.start(source, format, formatOptions, compression, manifestStore) : null;
    recorder = r;
    var target = r == null ? sink : r.around(sink, this::rowsSoFar, () -> cursor.columns());
    try {
      target.check();
    } catch (IOException e) {
      throw new ExportException(CONFIGURATION, Message.firstLine(e), e);
    }
    var c = source.open();
    cursor = c;
    try {
      checkCancelled();
      c.execute();
      return transfer(c, target);
    } finally {
      c.close();
    }
  }

  private ExportResult transfer(Cursor c, Sink target) throws ExportException {
    var p = Pipe.open();
    pipe = p;
    checkCancelled();
    var producer = Thread.ofVirtual().name("sluice-export").unstarted(() -> produce(c, p));
    producer.start();
    Receipt receipt;
    try {
      receipt = target.write(p.reader(), new ContentType(format, compression));
    } catch (IOException | RuntimeException e) {
      throw sinkFailed(e, c, p, producer);
    } catch (Error e) {
      // Not a failure to report but a bug or a dying JVM: still stop the producer and the query.
      p.reader().closeWithError(e);
      c.cancel();
      stop(producer, c);
      throw e;
    }
    // A sink that returns before the end of the data makes the producer's next write fail.
    p.reader().close();
    stop(producer, c);
    if (producerFailure != null) {
      throw new ExportException(SINK, sink.destination()
          + ": the sink returned before the end of the data", producerFailure);
    }
    long rows = (long) ROWS.getOpaque(this);
    long elapsed = System.nanoTime() - startNanos;
    return new ExportResult(
        rows,
        rawMeter.count(),
        storedMeter.count(),
        Duration.ofNanos(elapsed),
        receipt,
        Bottleneck.of(p.writerWaitNanos(), p.readerWaitNanos(), elapsed),
        recorder == null ? Optional.empty() : recorder.manifest());
  }

  /** The producer: rows to bytes to the pipe. Runs on its own virtual thread. */
  private void produce(Cursor c, Pipe p) {
    var r = recorder;
    var stored = new Meter(p.writer());
    OutputStream compressed = stored;
    try {
      compressed = CompressionStage.start(compression, compressionLevel, stored);
      var raw = new Meter(r == null ? compressed : r.uncompressed(compressed));
      storedMeter = stored;
      rawMeter = raw;
      var rows = c.rows();
      var encoder = format.encoder(rows, formatOptions, raw);
      encoder.begin();
      long n = 0;
      while (rows.next()) {
        encoder.write();
        ROWS.setOpaque(this, ++n);
      }
      encoder.end();
      compressed.close();
      p.writer().close();
    } catch (Throwable t) {
      producerFailure = t;
      p.writer().closeWithError(t);
      stored.discard();
      if (compressed instanceof CompressionStage stage) {
        stage.abort(t);
      }
    } finally {
      storedMeter = stored;
    }
  }

  private ExportException sinkFailed(Exception e, Cursor c, Pipe p, Thread producer) {
    boolean interrupted = Thread.interrupted() || e instanceof InterruptedIOException;
    var fromProducer = producerFailure;
    if (cancelled || interrupted) {
      cancel();
      stop(producer, c);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return new ExportException(INTERRUPTED,
          String.format(Locale.ROOT, "export cancelled after %,d rows", rowsSoFar()), e);
    }
    if (fromProducer != null && !(fromProducer instanceof IOException)) {
      stop(producer, c);
      fromProducer.addSuppressed(e);
      if (fromProducer instanceof ExportException ee) {
        return ee;
      }
      return new ExportException(SOURCE, String.format(Locale.ROOT,
          "export failed after %,d rows: %s", rowsSoFar(), Message.firstLine(fromProducer)),
          fromProducer);
    }
    // The sink failed on its own: stop the producer at its next write, and the database at once.
    p.reader().closeWithError(e);
    c.cancel();
    stop(producer, c);
    var m = Message.firstLine(e);
    return new ExportException(SINK,
        m.startsWith(sink.destination()) ? m : sink.destination() + ": " + m, e);
  }

  /**
   * Waits for the producer to end. One told to stop ends at its next write or when the cancelled
   * query returns; one stuck in a driver that ignores cancel is cut off by closing its connection.
   */
  private void stop(Thread producer, Cursor c) {
    boolean interrupted = false;
    for (int attempt = 0; ; attempt++) {
      try {
        if (producer.join(STOP_GRACE)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
      if (attempt == 0) {
        c.close();
      } else if (attempt > 2) {
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkCancelled() throws ExportException {
    if (cancelled) {
      throw new ExportException(INTERRUPTED, "export cancelled before the query ran");
    }
  }

  private long rowsSoFar() {
    return (long) ROWS.getOpaque(this);
  }

  /** A snapshot of the progress so far; safe to call from any thread while {@link #run()} runs. */
  public ExportProgress progress() {
    long start = startNanos;
    if (start == 0) {
      return new ExportProgress(0, 0, 0, 0);
    }
    var raw = rawMeter;
    var stored = storedMeter;
    return new ExportProgress(
        rowsSoFar(),
        raw == null ? 0 : raw.count(),
        stored == null ? 0 : stored.count(),
        System.nanoTime() - start);
  }

  /**
   * Stops a running export from any thread: the query is cancelled, the sink's next read fails so
   * it aborts, and {@link #run()} throws {@link ExportException.Reason#INTERRUPTED}. Does nothing
   * after {@code run} returned; before it started, {@code run} fails at once.
   */
  public void cancel() {
    cancelled = true;
    var c = cursor;
    if (c != null) {
      c.cancel();
    }
    var p = pipe;
    if (p != null) {
      p.writer().closeWithError(new ExportException(INTERRUPTED, "export cancelled"));
    }
  }

  /** Builds an {@link Export}. */
  public static final class Builder {
    private Source source;
    private Format format = Format.NDJSON;
    private FormatOptions formatOptions = FormatOptions.defaults();
    private Compression compression = Compression.NONE;
    private Integer level;
    private Sink sink;
    private Choice manifest = Choice.BY_DEFAULT;
    private Sink manifestStore;

    private Builder() {}

    public Builder source(Source source) {
      this.source = source;
      return this;
    }

    /** The encoding of the rows; {@link Format#NDJSON} unless set. */
    public Builder format(Format format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** CSV delimiter, null text and header; the defaults unless set. */
    public Builder formatOptions(FormatOptions options) {
      this.formatOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** {@link Compression#NONE} unless set. */
    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * The compression level; the compression's {@linkplain Compression#defaultLevel() default}
     * (gzip 6, zstd 3) unless set. Checked against the compression by {@link #build()}.
     */
    public Builder compressionLevel(int level) {
      this.level = level;
      return this;
    }

    public Builder sink(Sink sink) {
      this.sink = sink;
      return this;
    }

    /**
     * Whether to compute a {@link Manifest} while streaming (SHA-256 of the stored and of the
     * uncompressed bytes cost a few percent of throughput) and store it after the commit. By
     * default, yes when there is somewhere to store it: the sink has a {@linkplain Sink#sibling
     * sibling} for it (files, S3) or {@link #manifestTo} was called. {@code true} with nowhere to store it only
     * computes it, for {@link ExportResult#manifest()}; {@code false} wins over {@link
     * #manifestTo}.
     */
    public Builder manifest(boolean compute) {
      this.manifest = compute ? Choice.ON : Choice.OFF;
      return this;
    }

    /**
     * Where to store the manifest instead of beside the data, for example a {@code FileSink} for
     * an export to stdout or HTTP. Any sink that takes a small document whole will do; it is
     * checked with the export's sink before the query runs and written after the commit.
     */
    public Builder manifestTo(Sink store) {
      this.manifestStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * @throws NullPointerException if the source or the sink is missing.
     * @throws IllegalArgumentException if the compression level is out of range.
     */
    public Export build() {
      return new Export(this);
    }

    /** Whether to compute a manifest: by default only when it can be stored, or as told. */
    private enum Choice {
      BY_DEFAULT,
      ON,
      OFF
    }
  }
}
