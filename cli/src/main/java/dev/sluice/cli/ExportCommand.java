package dev.sluice.cli;

import dev.sluice.core.Export;
import dev.sluice.core.ExportException;
import dev.sluice.core.ExportResult;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sluice export}: one query or table to one destination. Builds an {@link Export} from the
 * options, runs it with a progress display, prints the summary, and on SIGINT cancels it and waits
 * until the destination is cleaned up. Failures are left to {@link ExitCodes}.
 */
@Command(
    name = "export",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    description = {
      "Streams the rows of a query or table to stdout, a file, S3 or HTTP as NDJSON, CSV or JSON,"
          + " optionally compressed, in constant memory. Progress and the summary go to stderr.",
      "Without --from, reads the embedded demo database, whose table is 'orders'.",
      "",
      "The database user and password come from the URL, --user / --password-file, or the"
          + " environment: SLUICE_DB_USER, SLUICE_DB_PASSWORD, or the driver's own (PGUSER,"
          + " PGPASSWORD, MYSQL_PWD). A password is never shown.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 the export failed, 2 bad usage or configuration, 130 interrupted.",
      "",
      "Examples:",
      "  sluice export --from jdbc:postgresql://127.0.0.1:5432/shop \\",
      "      --query \"SELECT * FROM orders\" --compress gzip --to orders.ndjson.gz",
      "  sluice export --from jdbc:mariadb://127.0.0.1:3306/shop --table orders \\",
      "      --format csv",
      "  sluice export --table orders       # the embedded demo database, to stdout",
      "  sluice export --table orders --to https://ingest.example.com/v1/orders \\",
      "      --header-file ingest-headers.txt --format csv --compress gzip",
      "  AWS_ENDPOINT_URL=http://127.0.0.1:9000 sluice export --from jdbc:postgresql://... \\",
      "      --table orders --to s3://bucket/orders.csv.zst --format csv"
    })
final class ExportCommand implements Callable<Integer> {
  /** The row estimate for the progress display and the summary, asked for while the rows flow. */
  private PendingEstimate estimate = PendingEstimate.NONE;

  /** Gives the progress display and the summary an estimate already known (a plan's shard). */
  void knownEstimate(Estimate known) {
    estimate = PendingEstimate.of(known);
  }

  @ParentCommand private Sluice sluice;

  @Option(
      names = "--from",
      paramLabel = "<jdbc-url>",
      description = "JDBC URL of the database (default: the embedded demo database).")
  String from;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private ExportInput what;

  @Mixin EncodingOptions encoding = new EncodingOptions();

  /** The format this run writes, settled from --format and the destination by {@link #call}. */
  Format format;

  @Option(
      names = "--to",
      paramLabel = "<destination>",
      description = "- for stdout (default), a path, a file: URI, s3://bucket/key, http(s)://...")
  String to;

  @ArgGroup(
      exclusive = false,
      validate = false,
      heading = "%nOptions for an http:// or https:// destination:%n")
  HttpOptions http = new HttpOptions();

  @Option(
      names = "--manifest",
      arity = "0..1",
      paramLabel = "<file>",
      fallbackValue = "",
      description =
          "Write the manifest (rows, SHA-256 of the data, columns, source) to this file"
              + " after the data is committed; without a file, beside the data, the default for files"
              + " and S3. Check it with 'sluice verify'.")
  String manifest;

  @Option(names = "--no-manifest", description = "Write no manifest.")
  boolean noManifest;

  @Mixin S3Options s3 = new S3Options();

  @Mixin ShardOptions shards = new ShardOptions();

  @ArgGroup(
      exclusive = false,
      validate = false,
      heading =
          "%nOptions for an s3://bucket/key destination (AWS credentials, region and endpoint"
              + " come from the AWS SDK's chain: AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_REGION,"
              + " AWS_ENDPOINT_URL, ...; --s3-endpoint, --s3-path-style, --s3-region and --s3-retries"
              + " override them):%n")
  S3UploadOptions s3Upload = new S3UploadOptions();

  @Option(
      names = "--fetch-size",
      paramLabel = "<rows>",
      description = "Rows per round trip to the database (default: the engine's).")
  Integer fetchSize;

  @Mixin LoginOptions login = new LoginOptions();

  @Option(
      names = "--demo-rows",
      paramLabel = "<rows>",
      description =
          "Rows in the demo table 'orders' when there is no --from"
              + " (default: ${DEFAULT-VALUE}).")
  long demoRows = DemoDatabase.DEFAULT_ROWS;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress and no summary; errors only.")
  boolean quiet;

  @Mixin ShardRunOptions shardRun = new ShardRunOptions();

  @Mixin VerboseOption verbose = new VerboseOption();

  @Option(
      names = "--summary-json",
      paramLabel = "<file>",
      description = "Also write the result (rows, bytes, seconds, bottleneck...) as JSON here.")
  Path summaryJson;

  @Mixin DryRunOption dryRun = new DryRunOption();

  @Override
  public Integer call() throws Exception {
    var shell = sluice.shell();
    if (what.plan != null) {
      return new ShardWorker(this, shardRun, shell, sluice.secrets()).run(what.plan);
    }
    shardRun.refuseWithoutPlan(shards.active());
    if (demoRows < 0) {
      throw new UsageException("--demo-rows must be at least 0: " + demoRows);
    }
    if (from != null && demoRows != DemoDatabase.DEFAULT_ROWS) {
      throw new UsageException("--demo-rows applies to the demo database only (no --from)");
    }
    if (from != null) {
      sluice.secrets().addFromUrl(from);
    }
    var sharded = ShardedRun.of(this, shards, shell);
    try (var demo = from == null ? DemoDatabase.open(demoRows) : null) {
      var url = demo != null ? demo.url() : checkUrl(from);
      var credentials =
          demo != null
              ? new Credentials(null, null)
              : login.resolve(url, shell.env(), sluice.secrets());
      var estimator = Estimator.of(url, credentials, what.table, what.query, demo);
      var choice = encoding.compress.choice(encoding.format, to);
      format = choice.format();
      if (format == Format.PARQUET) {
        OldGeneration.keepNearLive();
      }
      var compression = choice.compression();
      var source = JdbcSource.builder(url);
      if (what.query != null) {
        source.query(what.query);
      } else {
        source.table(what.table);
      }
      credentials.applyTo(source);
      if (fetchSize != null) {
        source.fetchSize(fetchSize);
      }
      var jdbc = build(source);
      if (sharded != null) {
        return sharded.run(jdbc, choice, sluice.finished(), dryRun.enabled);
      }
      var sink = Destination.open(to, this, shell);
      var export = export(jdbc, choice, sink);
      if (dryRun.enabled) {
        return new DryRun(this, shell).run(jdbc, sink, choice, formatOptions(choice), estimator);
      }
      if (!quiet || summaryJson != null) {
        estimate = PendingEstimate.start(estimator);
      }
      var result = run(export, shell);
      var summary =
          new Summary(
              result, format, compression, choice.levelOrDefault(), estimate.await().orElse(null));
      if (!quiet) {
        shell.err().println("sluice: " + sluice.secrets().mask(summary.line()));
      }
      summary.writeJsonTo(summaryJson);
      return ExitCodes.OK;
    }
  }

  /** The secrets this run read, for destinations that read more (HTTP header files). */
  Secrets secrets() {
    return sluice.secrets();
  }

  private Export export(JdbcSource source, FormatChoice choice, Sink sink) {
    var export =
        Export.builder()
            .source(source)
            .format(format)
            .formatOptions(formatOptions(choice))
            .compression(choice.compression())
            .sink(sink);
    if (choice.level() != null) {
      export.compressionLevel(choice.level());
    }
    manifest(export, sink);
    try {
      return export.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException("--compress-level: " + e.getMessage(), e);
    }
  }

  private void manifest(Export.Builder export, Sink sink) {
    if (noManifest && manifest != null) {
      throw new UsageException("--manifest and --no-manifest exclude each other");
    }
    if (noManifest) {
      export.manifest(false);
    } else if (manifest != null && !manifest.isEmpty()) {
      try {
        export.manifestTo(FileSink.of(Path.of(manifest)));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--manifest " + manifest + ": " + e.getMessage(), e);
      }
    } else if (manifest != null && sink.sibling(Manifest.SUFFIX).isEmpty()) {
      throw new UsageException(
          "--manifest: "
              + sink.destination()
              + " has no place beside it"
              + " for a manifest; name a file: --manifest <file>");
    }
  }

  FormatOptions formatOptions(FormatChoice choice) {
    return encoding.formatOptions(choice);
  }

  private static JdbcSource build(JdbcSource.Builder source) {
    try {
      return source.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /**
   * Runs {@code export} with progress on stderr. A SIGINT (or any JVM shutdown) while it runs
   * cancels it and holds the JVM until the export has aborted and the command has printed its
   * error, so the destination is cleaned up and the process exits with 130.
   */
  ExportResult run(Export export, Shell shell) throws ExportException {
    try (var cancel = CancelOnShutdown.install(shell, export::cancel, sluice.finished());
        var progress =
            quiet
                ? null
                : Progress.start(
                    shell.err(),
                    export::progress,
                    estimate::now,
                    shell.errIsTerminal(),
                    shell.columns())) {
      var result = export.run();
      if (progress != null) {
        progress.done(result);
      }
      return result;
    }
  }

  /** {@code url} if some driver accepts it; a usage error naming the drivers there are if not. */
  private static String checkUrl(String url) {
    try {
      JdbcSource.driver(url);
      return url;
    } catch (ExportException e) {
      throw new UsageException("--from " + e.getMessage());
    }
  }
}
