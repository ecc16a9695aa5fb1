package dev.sluice.core.manifest;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.sink.Receipt;
import dev.sluice.core.source.Column;
import dev.sluice.core.source.Source;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * Collects a {@link Manifest} while an export streams, for {@code Export}: it hashes the stored
 * bytes and the uncompressed bytes on their way (no second pass over the data), and {@link
 * #finish} adds the counts, columns and receipt once the sink has committed.
 *
 * <p>The stored bytes are hashed on the sink's side of the pipe, as the sink reads them, and the
 * uncompressed bytes on the producer's side, before the compressor. The producer (cursor, encoder,
 * compressor) is usually the slower side, so this keeps the larger hash off it: without
 * compression the stored bytes are the uncompressed bytes, hashed once, by the sink's thread.
 * Each stream is used by one thread; {@link #finish} runs after the producer ended and the sink
 * returned.
 */
public final class Recorder {
  private final Manifest.Origin origin;
  private final Format format;
  private final FormatOptions formatOptions;
  private final Compression compression;
  private final Instant started = now();
  private final MessageDigest stored = Manifest.sha256();
  private final MessageDigest uncompressed;

  private Recorder(Source source, Format format, FormatOptions options, Compression compression) {
    this.origin = Manifest.Origin.of(source);
    this.format = format;
    this.formatOptions = options;
    this.compression = compression;
    this.uncompressed = compression == Compression.NONE ? stored : Manifest.sha256();
  }

  /** Starts recording an export; its start time is now. */
  public static Recorder start(
      Source source, Format format, FormatOptions options, Compression compression) {
    return new Recorder(source, format, options, compression);
  }

  /** Wraps the stream the sink reads (the pipe's reader), hashing what it reads. */
  public InputStream stored(InputStream in) {
    return new HashingInput(in, stored);
  }

  /**
   * Wraps the stream the encoder writes into (the compressor), hashing what the encoder wrote.
   * Without compression those bytes are the stored bytes, hashed by {@link #stored}, and {@code
   * out} is returned as it is.
   */
  public OutputStream uncompressed(OutputStream out) {
    return uncompressed == stored ? out : new DigestOutputStream(out, uncompressed);
  }

  /** The manifest of the committed export; call once, after the producer ended. */
  public Manifest finish(
      long rows, long uncompressedBytes, long storedBytes, List<Column> columns, Receipt receipt) {
    var hex = HexFormat.of();
    var storedHash = hex.formatHex(stored.digest());
    var uncompressedHash = uncompressed == stored ? storedHash : hex.formatHex(uncompressed.digest());
    return new Manifest(Manifest.runningVersion(), receipt.destination(), format, formatOptions,
        compression, rows, uncompressedBytes, storedBytes, uncompressedHash, storedHash, columns,
        origin, started, now(), receipt.details());
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
