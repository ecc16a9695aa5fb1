package dev.sluice.cli;

import dev.sluice.core.Export;
import dev.sluice.core.ExportResult;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.source.jdbc.JdbcSource;
import dev.sluice.core.text.ByteSize;
import dev.sluice.s3.S3Location;
import dev.sluice.s3.S3Receipt;
import dev.sluice.s3.S3Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sluice demo}: the main job, database to S3 through a multipart upload, with nothing
 * installed. Creates the embedded demo database, starts an S3-compatible server (S3Proxy) on
 * loopback, exports {@code orders} to it as NDJSON in 5 MiB parts, reads the object back and counts
 * its rows, and says what it did at each step. Everything it made is gone when it exits.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the main job against embedded components: exports the demo table 'orders' from an"
          + " embedded database to an S3-compatible server on 127.0.0.1 through a multipart"
          + " upload, then reads the object back and checks its row count.",
      ""
    })
final class DemoCommand implements Callable<Integer> {
  private static final String BUCKET = "sluice-demo";
  private static final String KEY = "exports/orders.ndjson";

  /** S3's smallest part, so that a modest table already makes several parts. */
  private static final long PART_SIZE = 5L << 20;

  @ParentCommand private Sluice sluice;

  @Option(
      names = "--rows",
      paramLabel = "<rows>",
      description = "Rows in the demo table 'orders' (default: ${DEFAULT-VALUE}).")
  long rows = DemoDatabase.DEFAULT_ROWS;

  @Option(
      names = "--keep",
      paramLabel = "<dir>",
      description =
          "Keep the S3 server's data in this new or empty directory (the object and its manifest"
              + " as plain files) and print commands to look at them.")
  Path keep;

  @Mixin VerboseOption verbose = new VerboseOption();

  @Override
  public Integer call() throws Exception {
    if (rows < 0) {
      throw new UsageException("--rows must be at least 0: " + rows);
    }
    var err = sluice.shell().err();
    try (var db = DemoDatabase.open(rows);
        var s3 = keep == null ? EmbeddedS3.start() : EmbeddedS3.start(keepDir(keep), true);
        var client = s3.client()) {
      err.printf(
          Locale.ROOT, "sluice demo: embedded database with table orders (%,d rows)%n", rows);
      err.println(
          "sluice demo: S3-compatible server (S3Proxy) on " + s3.endpoint() + ", bucket " + BUCKET);
      client.createBucket(b -> b.bucket(BUCKET));
      // Default settings, as a user's: the checksum fallback finds what S3Proxy accepts.
      var location =
          S3Location.parse("s3://" + BUCKET + "/" + KEY)
              .with(
                  S3Settings.DEFAULT
                      .withEndpoint(s3.endpoint())
                      .withCredentials(s3.credentials())
                      .withRegion("us-east-1"));
      var sink = location.sink().partSize(PART_SIZE).build();
      var export =
          Export.builder()
              .source(JdbcSource.builder(db.url()).table("orders").build())
              .format(Format.NDJSON)
              .compression(Compression.NONE)
              .sink(sink)
              .build();
      ExportResult result;
      try (var progress = Progress.start(err, export::progress, sluice.shell().errIsTerminal())) {
        result = export.run();
      }
      var receipt = (S3Receipt) result.receipt();
      err.println(
          "sluice demo: exported "
              + new Summary(result, Format.NDJSON, Compression.NONE, 0).line());
      err.println(
          "sluice demo: "
              + (receipt.parts() == 1
                  ? "upload in one part (" + ByteSize.format(receipt.bytes()) + ")"
                  : "multipart upload of "
                      + receipt.parts()
                      + " parts ("
                      + parts(receipt.partSizes())
                      + ")")
              + ", "
              + receipt.checksum()
              + " checksums, ETag "
              + receipt.etag());
      long lines;
      try (InputStream in = location.open()) {
        lines = countLines(in);
      }
      if (lines != result.rows()) {
        err.printf(
            Locale.ROOT, "sluice demo: read back %,d rows, expected %,d%n", lines, result.rows());
        return ExitCodes.FAILED;
      }
      err.printf(
          Locale.ROOT,
          "sluice demo: read s3://%s/%s back: %,d rows, as exported.",
          BUCKET,
          KEY,
          lines);
      if (keep == null) {
        err.println(" Done; the server and its data are gone when this exits.");
      } else {
        var object = keep.toAbsolutePath().normalize().resolve(BUCKET).resolve(KEY);
        err.println(" The server's data stays in " + keep + "; to look at it:");
        err.println("  head -n 3 " + object);
        err.println("  cat " + object + Manifest.SUFFIX);
        err.println("  ./sluice verify " + object);
      }
      return ExitCodes.OK;
    }
  }

  /** {@code dir}, created if missing; a usage error if it holds anything already. */
  private static Path keepDir(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new UsageException("--keep " + dir + ": not empty; name a new or empty directory");
        }
      }
    } else if (Files.exists(dir)) {
      throw new UsageException("--keep " + dir + ": not a directory");
    }
    return Files.createDirectories(dir).toAbsolutePath().normalize();
  }

  /** Part sizes {@code 5242880, 5242880, 3145728} as {@code 2 x 5 MiB + 3 MiB}. */
  private static String parts(List<Long> sizes) {
    var out = new StringBuilder();
    for (int i = 0; i < sizes.size(); ) {
      int j = i;
      while (j < sizes.size() && sizes.get(j).equals(sizes.get(i))) {
        j++;
      }
      if (!out.isEmpty()) {
        out.append(" + ");
      }
      out.append(j - i == 1 ? "" : (j - i) + " x ").append(ByteSize.format(sizes.get(i)));
      i = j;
    }
    return out.toString();
  }

  private static long countLines(InputStream in) throws IOException {
    long lines = 0;
    var buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
          lines++;
        }
      }
    }
    return lines;
  }
}
