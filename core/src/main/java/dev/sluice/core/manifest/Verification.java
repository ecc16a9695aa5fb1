package dev.sluice.core.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.text.Message;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Data checked against its {@link Manifest}: what {@code sluice verify} computes. {@link #of} reads
 * the stored bytes once, as a stream, hashing them, decompressing them, hashing the result and
 * counting its rows by decoding the format; {@link #differences()} then names every field that does
 * not match, as {@code "rows: manifest 1000, data 999"}.
 *
 * <p>Data that cannot be decoded (a truncated gzip stream, JSON without its closing bracket) is a
 * difference, not an exception: the rows and uncompressed bytes are then those counted up to the
 * break, and the stored bytes are still read to their end so that their count and hash are whole.
 *
 * @param manifest what the data should be
 * @param rows the rows counted in the data
 * @param uncompressedBytes the bytes after decompression
 * @param storedBytes the bytes as stored
 * @param sha256Uncompressed hex SHA-256 of the bytes after decompression
 * @param sha256Stored hex SHA-256 of the bytes as stored
 * @param problem what stopped decoding, or what is wrong with the data's shape; null if nothing
 */
public record Verification(
    Manifest manifest,
    long rows,
    long uncompressedBytes,
    long storedBytes,
    String sha256Uncompressed,
    String sha256Stored,
    String problem) {

  /** Hex digits of a hash shown in a difference, enough to tell two apart at a glance. */
  private static final int SHOWN_HEX = 12;

  public Verification {
    Objects.requireNonNull(manifest, "manifest");
  }

  /**
   * Reads {@code data} (the stored bytes) to its end and compares it with {@code manifest}. Does
   * not close {@code data}.
   *
   * @throws IOException if reading {@code data} itself fails; broken content is reported by {@link
   *     #differences()} instead.
   */
  public static Verification of(Manifest manifest, InputStream data) throws IOException {
    var stored = new Tap(data);
    var compression = manifest.compression();
    var counter = new RowCounter(manifest.format(), manifest.formatOptions());
    Tap uncompressed = compression == Compression.NONE ? stored : null;
    String problem = null;
    InputStream decompressor = null;
    try {
      if (uncompressed == null) {
        decompressor = compression.decompress(stored);
        uncompressed = new Tap(decompressor);
      }
      counter.count(uncompressed);
      uncompressed.drain();
      problem = counter.problem();
      if (problem == null && !counter.rowGroups().equals(manifest.rowGroups())) {
        problem = "row groups: manifest " + manifest.rowGroups() + ", data " + counter.rowGroups();
      }
    } catch (IOException e) {
      if (stored.failure() != null) {
        throw stored.failure();
      }
      problem = describe(e, compression);
    } finally {
      if (decompressor != null) {
        decompressor.close();
      }
    }
    stored.drain();
    var storedHash = stored.sha256();
    if (uncompressed == null) {
      // The compressed stream's header was already broken: nothing was decompressed.
      uncompressed = new Tap(InputStream.nullInputStream());
    }
    return new Verification(
        manifest,
        counter.rows(),
        uncompressed.count(),
        stored.count(),
        uncompressed == stored ? storedHash : uncompressed.sha256(),
        storedHash,
        problem);
  }

  private static String describe(IOException e, Compression compression) {
    if (e instanceof JsonProcessingException json) {
      return "data: not a valid JSON array: " + Message.firstLine(json.getOriginalMessage());
    }
    return "data: cannot decompress the "
        + compression.name().toLowerCase(Locale.ROOT)
        + " stream: "
        + Message.firstLine(e)
        + " (rows and uncompressed bytes counted up to there)";
  }

  /** Whether the data is what the manifest says. */
  public boolean matches() {
    return differences().isEmpty();
  }

  /**
   * Every mismatch, one per entry, in the order rows, bytes, hashes, then what broke decoding:
   * {@code "sha256 (stored): manifest ab12cd34ef56..., data 9f3c00d1e2a4..."}. Without compression
   * the stored and the uncompressed bytes are one, and named {@code bytes} and {@code sha256}.
   * Empty when the data matches.
   */
  public List<String> differences() {
    var out = new ArrayList<String>();
    var m = manifest;
    if (rows != m.rows()) {
      out.add("rows: manifest " + m.rows() + ", data " + rows);
    }
    if (m.compression() == Compression.NONE) {
      compare(out, "bytes", m.storedBytes(), storedBytes);
      compare(out, "sha256", m.sha256Stored(), sha256Stored);
    } else {
      compare(out, "bytes (stored)", m.storedBytes(), storedBytes);
      compare(out, "bytes (uncompressed)", m.uncompressedBytes(), uncompressedBytes);
      compare(out, "sha256 (stored)", m.sha256Stored(), sha256Stored);
      compare(out, "sha256 (uncompressed)", m.sha256Uncompressed(), sha256Uncompressed);
    }
    if (problem != null) {
      out.add(problem);
    }
    return out;
  }

  private static void compare(List<String> out, String what, long manifest, long data) {
    if (manifest != data) {
      out.add(what + ": manifest " + manifest + ", data " + data);
    }
  }

  private static void compare(List<String> out, String what, String manifest, String data) {
    if (!manifest.equalsIgnoreCase(data)) {
      boolean apart = !manifest.regionMatches(true, 0, data, 0, SHOWN_HEX);
      out.add(what + ": manifest " + shown(manifest, apart) + ", data " + shown(data, apart));
    }
  }

  private static String shown(String hash, boolean abbreviate) {
    return abbreviate && hash.length() > SHOWN_HEX ? hash.substring(0, SHOWN_HEX) + "..." : hash;
  }
}
