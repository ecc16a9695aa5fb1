package dev.sluice.cli;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.manifest.Stored;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.sink.StdoutSink;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What {@code --to} names, and the sink that writes there: the one place a destination string
 * becomes a {@link Sink}. A new kind of destination is a new case in {@link #open}.
 *
 * <ul>
 *   <li>nothing or {@code -}: stdout (the only case where data goes to stdout);
 *   <li>a path, or a {@code file:} URI: a file, written to a temp file beside it and renamed into
 *       place on success, so the target is never half-written; a path that already exists and is
 *       not a regular file (a FIFO, {@code /dev/null}) is written to directly;
 *   <li>{@code s3://bucket/key}: an S3 multipart upload, reached as {@link S3Options} say and tuned
 *       by {@link S3UploadOptions};
 *   <li>{@code http://} and {@code https://}: an HTTP request body.
 * </ul>
 *
 * <p>Problems visible in the string (an unknown scheme, a malformed URI) are usage errors here;
 * problems of the destination itself (no such directory, a directory as target) are found by the
 * sink's {@link Sink#check()} before the query runs, so a typo never costs a query.
 */
final class Destination {
  /** A URI scheme of two or more characters, so that {@code C:\x} stays a path. */
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

  private Destination() {}

  /** Whether {@code to} means stdout. */
  static boolean isStdout(String to) {
    return to == null || to.equals("-");
  }

  /** The compression {@code to} implies by its extension, {@link Compression#NONE} for stdout. */
  static Compression impliedCompression(String to) {
    return isStdout(to) ? Compression.NONE : Compression.forName(to);
  }

  /**
   * The sink for {@code to}.
   *
   * @throws UsageException if {@code to} cannot be written, before anything is written
   */
  static Sink open(String to, ExportCommand export, Shell shell) {
    var http = export.http != null ? export.http : new HttpOptions();
    if (!isHttp(to)) {
      http.rejectFor(to);
    }
    var s3 = export.s3 != null ? export.s3 : new S3Options();
    var upload = export.s3Upload != null ? export.s3Upload : new S3UploadOptions();
    if ((s3.any() || upload.any()) && (to == null || !to.regionMatches(true, 0, "s3://", 0, 5))) {
      throw new UsageException(
          "--s3-*, --part-size, --max-memory and --size-hint apply to"
              + " s3:// destinations only");
    }
    if (isStdout(to)) {
      return new StdoutSink(shell.out());
    }
    var m = SCHEME.matcher(to);
    var scheme = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
    return switch (scheme) {
      case "" -> file(path(to, to));
      case "file" -> file(fileUri(to));
      case "s3" -> upload.sink(s3.location("--to", to));
      case "http", "https" -> http.sink(to, shell, export.secrets(), export.quiet);
      default ->
          throw new UsageException(
              "--to "
                  + to
                  + ": unknown destination scheme '"
                  + scheme
                  + ":' (use -, a path, file:, s3:// or http(s)://; write ./"
                  + to
                  + " for a file)");
    };
  }

  /** Whether {@code to} names an HTTP or HTTPS endpoint. */
  static boolean isHttp(String to) {
    var lower = to == null ? "" : to.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  /**
   * What an export wrote to {@code to}, read back with its manifest, for {@code sluice verify}.
   *
   * @throws UsageException if {@code to} is not a place an export stores data with a manifest
   */
  static Stored stored(String to, Function<String, Stored> s3) {
    if (isStdout(to)) {
      throw new UsageException(
          "verify: stdout cannot be read back; save the data to a file and"
              + " verify it with --manifest");
    }
    var m = SCHEME.matcher(to);
    var scheme = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
    return switch (scheme) {
      case "" -> Stored.file(path(to, to));
      case "file" -> Stored.file(fileUri(to));
      case "s3" -> s3.apply(to);
      default ->
          throw new UsageException(
              "verify "
                  + to
                  + ": cannot read back '"
                  + scheme
                  + ":' destinations (use a path, file: or s3://)");
    };
  }

  private static Sink file(Path path) {
    try {
      // FileSink checks the directory when the export starts (Sink.check), and writes a device
      // or FIFO such as /dev/null in place rather than renaming a temporary file over it.
      return FileSink.of(path);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--to " + path + ": " + e.getMessage(), e);
    }
  }

  private static Path fileUri(String to) {
    // file:///abs/path and file:/abs/path are URIs; file:relative/path is taken as a path.
    if (to.startsWith("file:/")) {
      try {
        return Path.of(URI.create(to));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--to " + to + ": not a file URI: " + e.getMessage());
      }
    }
    return path(to, to.substring("file:".length()));
  }

  private static Path path(String to, String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new UsageException("--to " + to + ": not a path: " + e.getMessage());
    }
  }
}
