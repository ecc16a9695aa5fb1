package dev.sluice.core;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.source.Source;
import java.util.Objects;

/**
 * One run of source, format, compression, pipe and sink. STUB: the engine issue implements
 * {@link #run()}; the builder's shape is the public API.
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
 */
public final class Export {
  private final Source source;
  private final Format format;
  private final Compression compression;
  private final Sink sink;

  private Export(Builder b) {
    this.source = Objects.requireNonNull(b.source, "source");
    this.format = b.format;
    this.compression = b.compression;
    this.sink = Objects.requireNonNull(b.sink, "sink");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the export on the calling thread (the sink) and a virtual thread (the producer) and
   * returns when the sink has committed.
   *
   * @throws ExportException if anything failed; the destination is left as the sink documents.
   */
  public ExportResult run() throws ExportException {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** A snapshot of the progress so far; safe to call from any thread while {@link #run()} runs. */
  public ExportProgress progress() {
    return new ExportProgress(0, 0, 0, 0);
  }

  /** Stops a running export from any thread: the query is cancelled and the sink aborts. */
  public void cancel() {}

  /** Builds an {@link Export}. */
  public static final class Builder {
    private Source source;
    private Format format = Format.NDJSON;
    private Compression compression = Compression.NONE;
    private Sink sink;

    private Builder() {}

    public Builder source(Source source) {
      this.source = source;
      return this;
    }

    public Builder format(Format format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    public Builder sink(Sink sink) {
      this.sink = sink;
      return this;
    }

    public Export build() {
      return new Export(this);
    }
  }
}
