package dev.sluice.core.manifest;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.sink.Receipt;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.source.Column;
import dev.sluice.core.source.Source;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Collects one export's {@link Manifest} while it streams, for {@code Export}: {@link
 * #uncompressed} taps the producer's side, {@link #around} wraps the sink in a {@link Manifested}
 * that taps the sink's side and stores the manifest once the sink has committed, and {@link
 * #manifest()} hands it to the result.
 *
 * <p>The uncompressed bytes are hashed on the producer's thread, before the compressor, and the
 * stored bytes on the sink's thread, as the sink reads them. The producer (cursor, encoder,
 * compressor) is usually the slower side, so this keeps the larger hash off it: without compression
 * the stored bytes are the uncompressed bytes, hashed once, by the sink's thread. Each digest is
 * used by one thread; the sink's side reads the producer's digest only after the end of the stream,
 * which the producer signals after its last write.
 */
public final class Recorder {
  private final Manifest.Origin origin;
  private final Format format;
  private final FormatOptions formatOptions;
  private final Compression compression;
  private final Optional<Sink> store;
  private final Instant started = now();
  private final MessageDigest stored = Manifest.sha256();
  private final MessageDigest uncompressed;

  /** Bytes the encoder wrote through {@link #uncompressed}; the producer's thread only. */
  private long uncompressedBytes;

  /** The encoder's row groups; set by the producer before it closes the pipe. */
  private volatile List<Long> rowGroups = List.of();

  /** Set by the sink's thread once the manifest is built; read by the export after the sink. */
  private volatile Manifest manifest;

  private Recorder(
      Source source,
      Format format,
      FormatOptions options,
      Compression compression,
      Optional<Sink> store) {
    this.origin = Manifest.Origin.of(source);
    this.format = format;
    this.formatOptions = options;
    this.compression = compression;
    this.store = store;
    this.uncompressed = compression == Compression.NONE ? stored : Manifest.sha256();
  }

  /**
   * Starts recording an export whose manifest goes to {@code store} (empty: computed, not stored);
   * its start time is now.
   */
  public static Recorder start(
      Source source,
      Format format,
      FormatOptions options,
      Compression compression,
      Optional<Sink> store) {
    return new Recorder(source, format, options, compression, store);
  }

  /**
   * Wraps the stream the encoder writes into (the compressor), hashing what the encoder wrote.
   * Without compression those bytes are the stored bytes, hashed on the sink's side, and {@code
   * out} is returned as it is.
   */
  public OutputStream uncompressed(OutputStream out) {
    if (uncompressed == stored) {
      return out;
    }
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        uncompressed.update((byte) b);
        uncompressedBytes++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        uncompressed.update(b, off, len);
        uncompressedBytes += len;
      }
    };
  }

  /**
   * {@code sink}, wrapped so that it hashes what it stores and stores the manifest after it
   * committed; {@code rows} and {@code columns} give the export's row count and columns, read once
   * the stream has ended.
   */
  public Sink around(Sink sink, LongSupplier rows, Supplier<List<Column>> columns) {
    return new Manifested(sink, store, this, rows, columns);
  }

  /**
   * Records the rows of each row group the encoder wrote (Parquet); call after the encoder's end,
   * before the end of the stream.
   */
  public void rowGroups(List<Long> rows) {
    this.rowGroups = List.copyOf(rows);
  }

  /** The manifest, once the sink has committed; empty before or when the export failed. */
  public Optional<Manifest> manifest() {
    return Optional.ofNullable(manifest);
  }

  MessageDigest storedDigest() {
    return stored;
  }

  /** Builds the manifest of the committed export; call once, after the end of the stream. */
  Manifest finish(long rows, long storedBytes, List<Column> columns, Receipt receipt) {
    var hex = HexFormat.of();
    var storedHash = hex.formatHex(stored.digest());
    boolean once = uncompressed == stored;
    var m =
        new Manifest(
            Manifest.runningVersion(),
            receipt.destination(),
            format,
            formatOptions,
            compression,
            rows,
            once ? storedBytes : uncompressedBytes,
            storedBytes,
            once ? storedHash : hex.formatHex(uncompressed.digest()),
            storedHash,
            columns,
            origin,
            started,
            now(),
            receipt.details(),
            rowGroups);
    manifest = m;
    return m;
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
