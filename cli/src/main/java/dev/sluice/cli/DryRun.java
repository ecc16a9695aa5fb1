package dev.sluice.cli;

import static dev.sluice.core.ExportException.Reason.CONFIGURATION;

import dev.sluice.core.ExportException;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.source.jdbc.JdbcSource;
import dev.sluice.core.text.Message;
import dev.sluice.s3.S3Sink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code sluice export --dry-run}: what the export would do, found without doing it. In the order a
 * real export goes, so that bad input fails with the same one-line error and exit code:
 *
 * <ol>
 *   <li>the options, the URL and the destination were checked by {@link ExportCommand} as for a
 *       run; here the destination (and the manifest's place) are {@linkplain Sink#check checked},
 *       which creates nothing;
 *   <li>the database describes the query's result without running it ({@link
 *       JdbcSource#columns()}), and each column's mapping comes from {@link Format#describe};
 *   <li>the row estimate is asked for as the progress display asks for it ({@link Estimator}); with
 *       one, the first {@value ByteSample#MAX_ROWS} rows are encoded and compressed into a counter
 *       ({@link ByteSample}) to estimate the bytes;
 *   <li>for S3, the sink's own {@link S3Sink#plan()} gives the part schedule and memory.
 * </ol>
 *
 * <p>Nothing is written anywhere: no file or temp file, no S3 request, no HTTP request, no
 * manifest. The plan goes to stdout (none with {@code --quiet}), and to {@code --summary-json FILE}
 * as JSON when it is given, which is the one file a dry run writes.
 *
 * <p>{@code sluice export} mixes in its option, {@link DryRunOption}.
 */
final class DryRun {
  private final ExportCommand command;
  private final Shell shell;

  DryRun(ExportCommand command, Shell shell) {
    this.command = command;
    this.shell = shell;
  }

  /** Finds and reports the plan; {@link ExitCodes#OK}, or throws what a real run would throw. */
  int run(
      JdbcSource source, Sink sink, FormatChoice choice, FormatOptions options, Estimator estimator)
      throws ExportException {
    return run(source, sink, choice, options, estimator, null, List.of());
  }

  /**
   * The plan of a sharded export ({@code --shards}): the columns, format and destination as for one
   * export, with {@code sink} standing for every shard's (they differ by name only), the
   * destination named by its {@code pattern}, and each shard's bounds and estimated rows, to which
   * this adds its estimated bytes from the sample of the first rows.
   */
  int run(
      JdbcSource source,
      Sink sink,
      FormatChoice choice,
      FormatOptions options,
      Estimator estimator,
      String pattern,
      List<DryRunPlan.Shard> shards)
      throws ExportException {
    var manifest = manifestStore(sink);
    try {
      sink.check();
      if (manifest.isPresent()) {
        manifest.get().check();
      }
    } catch (IOException e) {
      throw new ExportException(CONFIGURATION, Message.firstLine(e), e);
    }
    var format = choice.format();
    var columns =
        source.columns().stream()
            .map(c -> new DryRunPlan.ColumnPlan(c, format.describe(c, options)))
            .toList();
    var compression = choice.compression();
    int level = choice.levelOrDefault();
    var rows = estimate(estimator);
    var sample =
        rows == null
            ? null
            : ByteSample.take(
                    source,
                    format,
                    options,
                    compression,
                    level,
                    ByteSample.MAX_ROWS,
                    ByteSample.LIMIT)
                .orElse(null);
    var plan =
        new DryRunPlan(
            source.describe(),
            format,
            options,
            columns,
            rows,
            sample,
            compression,
            level,
            target(sink, pattern),
            manifest
                .map(
                    m ->
                        pattern != null
                            ? pattern + Manifest.SUFFIX + ", and the set's"
                            : m.destination())
                .orElse(null),
            sink instanceof S3Sink s3 ? s3.plan() : null,
            Runtime.getRuntime().maxMemory(),
            sample == null
                ? shards
                : shards.stream()
                    .map(
                        s ->
                            new DryRunPlan.Shard(
                                s.bounds(),
                                s.rows(),
                                s.rows() < 0 ? -1 : sample.storedFor(s.rows())))
                    .toList());
    if (!command.quiet) {
      var out = new PrintStream(shell.out(), false, StandardCharsets.UTF_8);
      out.print(command.secrets().mask(DryRunText.of(plan)));
      out.flush();
    }
    if (command.summaryJson != null) {
      write(plan, command.summaryJson);
    }
    return ExitCodes.OK;
  }

  private void write(DryRunPlan plan, Path file) throws ExportException {
    try {
      DryRunJson.write(plan, file, command.secrets()::mask);
    } catch (IOException e) {
      throw new ExportException(
          ExportException.Reason.SINK,
          "--summary-json " + file + ": cannot write: " + e.getMessage(),
          e);
    }
  }

  /** Where the manifest would be stored, as {@link ExportCommand} sets it up for a run. */
  private Optional<Sink> manifestStore(Sink sink) {
    if (command.noManifest) {
      return Optional.empty();
    }
    if (command.manifest != null && !command.manifest.isEmpty()) {
      return Optional.of(FileSink.of(Path.of(command.manifest)));
    }
    return sink.sibling(Manifest.SUFFIX);
  }

  /** The estimate, or null; a failing estimator is no estimate, as for the progress display. */
  private static Estimate estimate(Estimator estimator) {
    try {
      return estimator.estimate().orElse(null);
    } catch (Exception e) {
      return null;
    }
  }

  private DryRunPlan.Target target(Sink sink, String pattern) {
    var where = pattern != null ? pattern : sink.destination();
    if (sink instanceof S3Sink) {
      return new DryRunPlan.Target(
          "s3", where, "multipart upload (one PutObject when shorter than the first part)");
    }
    if (Destination.isHttp(command.to)) {
      var http = command.http != null ? command.http : new HttpOptions();
      var method = http.method != null ? http.method.toUpperCase(Locale.ROOT) : "POST";
      var body =
          http.buffer != null && http.buffer.equalsIgnoreCase("disk")
              ? "the body spooled to a temp file, then sent with a Content-Length"
              : "a chunked request body, sent as the rows come";
      var response = http.responseTo != null ? "; the response body to " + http.responseTo : "";
      return new DryRunPlan.Target("http", where, method + ", " + body + response);
    }
    if (!Destination.isStdout(command.to)) {
      var path = Path.of(where);
      // FileSink writes a device or a named pipe in place: it cannot be renamed over.
      boolean special =
          Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path);
      return new DryRunPlan.Target(
          "file",
          where,
          special
              ? "written in place (a device or named pipe)"
              : "a temp file beside it, renamed into place when complete");
    }
    return new DryRunPlan.Target("stdout", where, "the data on stdout");
  }
}
