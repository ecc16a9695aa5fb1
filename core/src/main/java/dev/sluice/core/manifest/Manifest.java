package dev.sluice.core.manifest;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.source.Column;
import dev.sluice.core.source.Source;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Proof of what an export wrote: counts and SHA-256 hashes of its bytes, computed while they
 * streamed, with the columns, the source and the time. Sluice stores it as a small JSON document
 * ({@link ManifestJson}) beside the data, {@code orders.ndjson.gz} getting {@code
 * orders.ndjson.gz.manifest.json}, and {@link Verification} checks data against it.
 *
 * <h2>A data object without its manifest did not finish</h2>
 *
 * <p>The manifest is written only after the sink has committed the data (the file renamed, the
 * multipart upload completed), and never for a failed export. So a manifest beside data says the
 * export that wrote it ran to the end, and its hashes say which bytes it wrote. Data without a
 * manifest means the export did not finish (it was killed between the commit and the manifest, or
 * writing the manifest failed) or ran without one ({@code --no-manifest}); treat it as unverified.
 * A manifest whose hashes do not match the data beside it is stale or the data was changed: a
 * re-export that committed new data and died before replacing the old manifest leaves this state,
 * and {@code sluice verify} reports it.
 *
 * @param sluiceVersion the version of Sluice that wrote the data
 * @param destination where the data went: a path, {@code s3://bucket/key}, a URL, {@code stdout}
 * @param format the encoding of the rows
 * @param formatOptions the CSV settings; the defaults for NDJSON and JSON, which ignore them
 * @param compression the compression of the stored bytes
 * @param rows the number of rows written
 * @param uncompressedBytes the bytes the encoder produced
 * @param storedBytes the bytes the sink stored (equal to {@code uncompressedBytes} without
 *     compression)
 * @param sha256Uncompressed lower-case hex SHA-256 of the encoded bytes before compression
 * @param sha256Stored lower-case hex SHA-256 of the bytes as stored
 * @param columns the columns with their database and output types
 * @param source where the rows came from
 * @param started when the export started (before connecting)
 * @param finished when the sink had committed the data
 * @param storage what the sink reported on commit (for S3: {@code etag}, {@code parts}, {@code
 *     partSizes}), in its order
 * @param rowGroups the rows of each row group, in order, for Parquet; empty for the other formats
 */
public record Manifest(
    String sluiceVersion,
    String destination,
    Format format,
    FormatOptions formatOptions,
    Compression compression,
    long rows,
    long uncompressedBytes,
    long storedBytes,
    String sha256Uncompressed,
    String sha256Stored,
    List<Column> columns,
    Origin source,
    Instant started,
    Instant finished,
    Map<String, String> storage,
    List<Long> rowGroups) {

  /**
   * What a manifest's name adds to its data's name when it is stored beside the data: {@code
   * orders.csv.gz} gets {@code orders.csv.gz.manifest.json}.
   */
  public static final String SUFFIX = ".manifest.json";

  public Manifest {
    Objects.requireNonNull(sluiceVersion, "sluiceVersion");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(sha256Uncompressed, "sha256Uncompressed");
    Objects.requireNonNull(sha256Stored, "sha256Stored");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(finished, "finished");
    formatOptions =
        format == Format.CSV
            ? Objects.requireNonNull(formatOptions, "formatOptions")
            : FormatOptions.defaults();
    columns = List.copyOf(columns);
    storage = Collections.unmodifiableMap(new LinkedHashMap<>(storage));
    rowGroups = List.copyOf(rowGroups);
  }

  /** A manifest of a format without row groups. */
  public Manifest(
      String sluiceVersion,
      String destination,
      Format format,
      FormatOptions formatOptions,
      Compression compression,
      long rows,
      long uncompressedBytes,
      long storedBytes,
      String sha256Uncompressed,
      String sha256Stored,
      List<Column> columns,
      Origin source,
      Instant started,
      Instant finished,
      Map<String, String> storage) {
    this(
        sluiceVersion,
        destination,
        format,
        formatOptions,
        compression,
        rows,
        uncompressedBytes,
        storedBytes,
        sha256Uncompressed,
        sha256Stored,
        columns,
        source,
        started,
        finished,
        storage,
        List.of());
  }

  /**
   * Where the rows came from.
   *
   * @param url the JDBC URL with any password masked, or the source's description
   * @param query the SQL as given, or null when a table was exported
   * @param table the table as given, or null when a query was exported
   * @param querySha256 hex SHA-256 of the query text (UTF-8), to compare queries without reading
   *     them; null for a table
   * @param where the predicate that limited the rows, for one shard of a set; else null
   * @param snapshot the PostgreSQL snapshot the rows were read from, for a shard of a set that
   *     shared one; else null
   */
  public record Origin(
      String url, String query, String table, String querySha256, String where, String snapshot) {
    public Origin {
      Objects.requireNonNull(url, "url");
    }

    /** An origin that is not a shard: no predicate, no shared snapshot. */
    public Origin(String url, String query, String table, String querySha256) {
      this(url, query, table, querySha256, null, null);
    }

    /** The origin of {@code source}: URL, query or table for a {@link JdbcSource}. */
    public static Origin of(Source source) {
      if (source instanceof JdbcSource jdbc) {
        var query = jdbc.query().orElse(null);
        return new Origin(
            jdbc.url(),
            query,
            jdbc.table().orElse(null),
            query == null ? null : sha256Hex(query.getBytes(StandardCharsets.UTF_8)),
            jdbc.where().orElse(null),
            jdbc.snapshot().orElse(null));
      }
      return new Origin(source.describe(), null, null, null);
    }
  }

  /**
   * The version of this Sluice, from the build; {@code "unknown"} when run from unbuilt classes.
   */
  public static String runningVersion() {
    return Version.VALUE;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (MessageDigest's class doc).
      throw new AssertionError(e);
    }
  }

  static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(sha256().digest(data));
  }

  /** Read once: the version is a property of the jar. */
  private static final class Version {
    static final String VALUE = load();

    private static String load() {
      var props = new Properties();
      try (var in = Manifest.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          return "unknown";
        }
        props.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      var v = props.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    }
  }
}
