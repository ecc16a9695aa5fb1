package dev.sluice.core;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.compress.CompressionStage;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.source.Source;
import dev.sluice.pipe.Pipe;
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
 * fails before the sink is touched. Then a producer on its own platform thread, which waits for the
 * database more cheaply than a virtual one, reads and encodes the rows and writes them into a
 * {@link Pipe}, while the sink consumes the pipe on the calling thread. With compression, a virtual
 * thread compresses between the encoder and the pipe, through a pipe of its own ({@link
 * CompressionStage}), so that encoding and compression use two cores; the native gzip and zstd,
 * which compress on threads of their own, take the encoder's bytes directly instead. Nothing is
 * buffered between them beyond the compressor's blocks: a slow sink slows the database cursor.
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
 * <p>{@code ExportRun} holds one run, top to bottom.
 *
 * <p>Memory: the encoder's buffer, one row, and the compressor's input buffer (64 KiB) and window
 * (gzip 64 KiB of output, zstd about 128 KiB plus its window). An export runs once.
 */
public final class Export {
  private final ExportRun.Plan plan;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile ExportRun current;
  private volatile boolean cancelled;

  private Export(Builder b) {
    var source = Objects.requireNonNull(b.source, "source");
    var sink = Objects.requireNonNull(b.sink, "sink");
    if (b.format.compressesItself() && b.compression != Compression.NONE) {
      throw new IllegalArgumentException(
          b.format.extension()
              + " compresses its own pages: set its codec in FormatOptions.parquet(), not "
              + b.compression.name().toLowerCase(java.util.Locale.ROOT)
              + " around the file");
    }
    int level = b.compression.checkLevel(b.level == null ? b.compression.defaultLevel() : b.level);
    var store =
        b.manifestStore != null ? Optional.of(b.manifestStore) : sink.sibling(Manifest.SUFFIX);
    boolean manifest =
        switch (b.manifest) {
          case BY_DEFAULT -> store.isPresent();
          case ON -> true;
          case OFF -> false;
        };
    this.plan =
        new ExportRun.Plan(
            source, b.format, b.formatOptions, b.compression, level, sink, manifest, store);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the export on the calling thread (the sink) and a platform thread (the producer) and
   * returns when the sink has committed.
   *
   * @throws ExportException if anything failed; the destination is left as the sink documents. Its
   *     reason says who failed: {@code CONFIGURATION} (bad URL, missing driver, unwritable
   *     destination), {@code SOURCE} (connection, SQL, a row mid-stream), {@code SINK}, or {@code
   *     INTERRUPTED} after {@link #cancel()} or an interrupt of the calling thread.
   * @throws IllegalStateException if this export already ran.
   */
  public ExportResult run() throws ExportException {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("an export runs once");
    }
    var run = new ExportRun(plan);
    current = run;
    // Read after publishing the run: a cancel() that missed the run has set the flag by now.
    if (cancelled) {
      run.cancel();
    }
    return run.run();
  }

  /** A snapshot of the progress so far; safe to call from any thread while {@link #run()} runs. */
  public ExportProgress progress() {
    var run = current;
    return run == null ? new ExportProgress(0, 0, 0, 0) : run.progress();
  }

  /**
   * Stops a running export from any thread: the query is cancelled, the sink's next read fails so
   * it aborts, and {@link #run()} throws {@link ExportException.Reason#INTERRUPTED}. Does nothing
   * after {@code run} returned; before it started, {@code run} fails at once.
   */
  public void cancel() {
    cancelled = true;
    var run = current;
    if (run != null) {
      run.cancel();
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
     * sibling} for it (files, S3) or {@link #manifestTo} was called. {@code true} with nowhere to
     * store it only computes it, for {@link ExportResult#manifest()}; {@code false} wins over
     * {@link #manifestTo}.
     */
    public Builder manifest(boolean compute) {
      this.manifest = compute ? Choice.ON : Choice.OFF;
      return this;
    }

    /**
     * Where to store the manifest instead of beside the data, for example a {@code FileSink} for an
     * export to stdout or HTTP. Any sink that takes a small document whole will do; it is checked
     * with the export's sink before the query runs and written after the commit.
     */
    public Builder manifestTo(Sink store) {
      this.manifestStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * @throws NullPointerException if the source or the sink is missing.
     * @throws IllegalArgumentException if the compression level is out of range, or the format
     *     compresses itself (Parquet) and a compression is set.
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
