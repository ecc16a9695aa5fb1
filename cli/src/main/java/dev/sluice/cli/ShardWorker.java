package dev.sluice.cli;

import dev.sluice.core.Export;
import dev.sluice.core.ExportException;
import dev.sluice.core.format.Format;
import dev.sluice.core.shard.ShardPlan;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code sluice export --plan <plan> --shard <i>}: one worker of a plan that {@code sluice plan}
 * wrote, exporting one shard with the plan's query, predicate, snapshot, format and destination,
 * and the connection settings of its own environment (the plan holds no password). The shard's
 * object is committed whole, so running a shard again (a retried pod, by hand) replaces it.
 */
final class ShardWorker {
  /** Options that the plan decides, refused beside --plan. */
  private static final List<String> PLANNED =
      List.of(
          "--from",
          "--to",
          "--format",
          "--compress",
          "--row-group-size",
          "--delimiter",
          "--null",
          "--no-header",
          "--manifest",
          "--no-manifest",
          "--demo-rows",
          "--shards",
          "--shard-by",
          "--parallel");

  private final ExportCommand command;
  private final ShardRunOptions options;
  private final Shell shell;
  private final Secrets secrets;

  ShardWorker(ExportCommand command, ShardRunOptions options, Shell shell, Secrets secrets) {
    this.command = command;
    this.options = options;
    this.shell = shell;
    this.secrets = secrets;
  }

  /** Exports the shard; returns the exit code. */
  int run(String where) throws ExportException, IOException, InterruptedException {
    var planned = options.given(PLANNED);
    if (!planned.isEmpty()) {
      throw new UsageException(
          String.join(", ", planned)
              + (planned.size() == 1 ? " does" : " do")
              + " not go with --plan: the plan decides the source, the format and where each"
              + " shard goes");
    }
    if (command.dryRun.enabled) {
      throw new UsageException("--dry-run does not apply with --plan");
    }
    var plan = read(where);
    if (plan.destination() == null) {
      throw new UsageException(
          "--plan "
              + where
              + ": the plan names no destination for its shards; make it with"
              + " 'sluice plan --to <pattern>'");
    }
    int index = index(shell.env(), plan);
    var name = plan.pattern().name(index);
    if (plan.url().contains(Secrets.MASK)) {
      throw new UsageException(
          "--plan "
              + where
              + ": the plan's URL had a password, which plans never keep; plan again with a URL"
              + " without one, and give each worker SLUICE_DB_PASSWORD");
    }
    if (options.resume) {
      var done = Resume.done(Destination.stored(name, command.s3::stored), plan, index, true);
      if (done.isPresent()) {
        say(
            "shard "
                + plan.pattern().number(index)
                + " ("
                + name
                + ") verifies against its manifest ("
                + done.get().rows()
                + " rows): skipped (--resume)");
        return ExitCodes.OK;
      }
    }
    var source = plan.sourceBuilder(index, plan.url());
    command.login.resolve(plan.url(), shell.env(), secrets).applyTo(source);
    if (command.fetchSize != null) {
      source.fetchSize(command.fetchSize);
    }
    var export =
        Export.builder()
            .source(source.build())
            .format(plan.format())
            .formatOptions(plan.formatOptions())
            .compression(plan.compression())
            .sink(Destination.open(name, command, shell))
            .manifest(true);
    var level = command.encoding.compress.compressLevel;
    if (level != null && plan.format() == Format.PARQUET) {
      throw new UsageException("--compress-level does not apply to a Parquet plan's shards");
    }
    if (level != null) {
      export.compressionLevel(level);
    }
    var shardRows = plan.shards().get(index).estimatedRows();
    var estimate = shardRows >= 0 ? new Estimate(shardRows, "shard plan") : null;
    if (estimate != null) {
      command.knownEstimate(estimate);
    }
    try {
      if (plan.format() == Format.PARQUET) {
        OldGeneration.keepNearLive();
      }
      var result = command.run(export.build(), shell);
      var summary =
          new Summary(
              result,
              plan.format(),
              plan.compression(),
              level != null ? level : plan.compression().defaultLevel(),
              estimate);
      say("shard " + plan.pattern().number(index) + ": " + summary.line());
      summary.writeJsonTo(command.summaryJson);
      return ExitCodes.OK;
    } catch (IllegalArgumentException e) {
      throw new UsageException("--compress-level: " + e.getMessage(), e);
    } catch (ExportException e) {
      if (plan.snapshot() != null && snapshotGone(e)) {
        throw new ExportException(
            ExportException.Reason.CONFIGURATION,
            "the snapshot "
                + plan.snapshot()
                + " is gone: the coordinator (sluice plan) must hold it until every shard is"
                + " done; re-run the plan",
            e);
      }
      throw e;
    }
  }

  private ShardPlan read(String where) throws IOException, InterruptedException {
    var bytes = JsonDocument.of("--plan", where, command.s3).await(options.planWait);
    try {
      return ShardPlan.fromJson(bytes);
    } catch (IOException e) {
      throw new UsageException("--plan " + where + ": " + e.getMessage(), e);
    }
  }

  /** The shard's index: --shard, else JOB_COMPLETION_INDEX; checked against the plan. */
  private int index(Map<String, String> env, ShardPlan plan) {
    int index;
    String from;
    if (options.shard != null) {
      index = options.shard;
      from = "--shard " + index;
    } else {
      var text = env.get(ShardRunOptions.INDEX_ENV);
      if (text == null || text.isBlank()) {
        throw new UsageException(
            "--plan needs the shard to export: --shard <i>, or "
                + ShardRunOptions.INDEX_ENV
                + " in the environment");
      }
      try {
        index = Integer.parseInt(text.strip());
      } catch (NumberFormatException e) {
        throw new UsageException(
            ShardRunOptions.INDEX_ENV + "=" + text + " is not a shard number", e);
      }
      from = ShardRunOptions.INDEX_ENV + "=" + index;
    }
    if (index < 0 || index >= plan.size()) {
      throw new UsageException(
          from
              + " is out of range: the plan has "
              + plan.size()
              + " shard"
              + (plan.size() == 1 ? "" : "s")
              + " (0 to "
              + (plan.size() - 1)
              + ")");
    }
    return index;
  }

  /** Whether PostgreSQL refused the plan's snapshot id because its transaction ended. */
  private static boolean snapshotGone(Throwable e) {
    for (var t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "22023".equals(sql.getSQLState())) {
        return String.valueOf(sql.getMessage()).contains("snapshot");
      }
    }
    return false;
  }

  private void say(String line) {
    if (!command.quiet) {
      shell.err().println("sluice: " + secrets.mask(line));
    }
  }
}
