package dev.sluice.cli;

import dev.sluice.core.Bottleneck;
import dev.sluice.core.ExportException;
import dev.sluice.core.ExportResult;
import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.shard.SetResult;
import dev.sluice.core.shard.ShardPattern;
import dev.sluice.core.shard.ShardPlan;
import dev.sluice.core.shard.ShardPlanner;
import dev.sluice.core.shard.ShardedExport;
import dev.sluice.core.shard.Snapshot;
import dev.sluice.core.sink.Receipt;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sluice export --shards N}: opens the snapshot, plans the shards, exports them at once
 * through the sinks {@code --to}'s pattern names, writes the set manifest, and keeps the snapshot
 * until every shard has finished. One combined progress line; one summary line.
 */
final class ShardedRun {
  private final ExportCommand command;
  private final ShardOptions options;
  private final Shell shell;

  private ShardedRun(ExportCommand command, ShardOptions options, Shell shell) {
    this.command = command;
    this.options = options;
    this.shell = shell;
  }

  /**
   * The sharded run {@code options} ask for, its destination checked; null without {@code
   * --shards}.
   *
   * @throws UsageException for bad shard options or a destination that cannot hold shards
   */
  static ShardedRun of(ExportCommand command, ShardOptions options, Shell shell) {
    options.check();
    if (!options.active()) {
      return null;
    }
    var run = new ShardedRun(command, options, shell);
    run.pattern(command.to);
    return run;
  }

  /**
   * Checks what can be checked before connecting: a destination that can hold shards and a manifest
   * each, with a {@code {shard}} when there is more than one.
   */
  ShardPattern pattern(String to) {
    if (Destination.isStdout(to) || to.regionMatches(true, 0, "http", 0, 4)) {
      throw new UsageException(
          "--shards writes an object per shard: --to a path or s3:// pattern with {shard} in it,"
              + " e.g. --to 'out/part-{shard}.csv'");
    }
    if (command.noManifest || command.manifest != null) {
      throw new UsageException(
          "--manifest and --no-manifest do not apply with --shards: every shard has its manifest"
              + " beside it and the set one beside them");
    }
    try {
      return ShardPattern.of(to, options.shards);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--to " + e.getMessage(), e);
    }
  }

  /**
   * Plans and runs the shards; with {@code dryRun}, plans them (which reads the database's
   * statistics and a sample of the key), prints the plan to stdout and writes nothing.
   */
  int run(JdbcSource source, FormatChoice choice, CountDownLatch finished, boolean dryRun)
      throws ExportException {
    var compression = choice.compression();
    var pattern = pattern(command.to);
    var sinks = new Sink[pattern.shards()];
    for (int i = 0; i < sinks.length; i++) {
      sinks[i] = Destination.open(pattern.name(i), command, shell);
    }
    var setStore =
        Destination.open(pattern.setName(), command, shell)
            .sibling(Manifest.SUFFIX)
            .orElseThrow(
                () -> new UsageException("--to " + command.to + ": no place for the set manifest"));
    try (var snapshot = Snapshot.open(source)) {
      var planner =
          ShardPlanner.builder(source)
              .shards(pattern.shards())
              .shardBy(options.shardBy)
              .destination(pattern.pattern())
              .format(command.format)
              .formatOptions(command.formatOptions(choice))
              .compression(compression);
      var plan = planner.build().plan(snapshot);
      if (dryRun) {
        return dryRun(source, choice, plan, pattern, sinks[0]);
      }
      var export = ShardedExport.builder(plan, source).sinks(i -> sinks[i]).setManifestTo(setStore);
      if (command.shardRun.resume) {
        Resume.skip(plan, export, command.s3, command.quiet ? null : shell.err());
      }
      if (options.parallel != null) {
        export.parallel(options.parallel);
      }
      if (choice.level() != null) {
        try {
          export.compressionLevel(compression.checkLevel(choice.level()));
        } catch (IllegalArgumentException e) {
          throw new UsageException("--compress-level: " + e.getMessage(), e);
        }
      }
      var sharded = export.build();
      var estimate =
          plan.estimatedRows() > 0
              ? new Estimate(plan.estimatedRows(), plan.strategy().jsonName() + " plan")
              : null;
      var result = run(sharded, estimate, finished);
      var summary =
          new Summary(
              combined(result, pattern),
              command.format,
              compression,
              choice.levelOrDefault(),
              estimate);
      if (!command.quiet) {
        shell
            .err()
            .println(
                "sluice: " + command.secrets().mask(line(result, sharded.parallel(), summary)));
      }
      if (command.summaryJson != null) {
        write(summary, command.summaryJson);
      }
      return ExitCodes.OK;
    }
  }

  private SetResult run(ShardedExport export, Estimate estimate, CountDownLatch finished)
      throws ExportException {
    try (var cancel = CancelOnShutdown.install(shell, export::cancel, finished);
        var progress =
            command.quiet
                ? null
                : Progress.start(
                    shell.err(),
                    export::progress,
                    () -> estimate,
                    shell.errIsTerminal(),
                    shell.columns())) {
      var result = export.run();
      if (progress != null) {
        progress.done(combined(result, null));
      }
      return result;
    }
  }

  /** The set as one result, for the progress display and the summary JSON. */
  private static ExportResult combined(SetResult set, ShardPattern pattern) {
    var destination = pattern != null ? pattern.setManifestName() : "";
    return new ExportResult(
        set.rows(),
        set.rawBytes(),
        set.storedBytes(),
        set.elapsed(),
        Receipt.of(destination, set.storedBytes()),
        mostCommon(set),
        java.util.Optional.empty());
  }

  private static Bottleneck mostCommon(SetResult set) {
    var counts = new int[Bottleneck.values().length];
    for (var r : set.shards()) {
      counts[r.bottleneck().ordinal()]++;
    }
    int best = 0;
    for (int i = 1; i < counts.length; i++) {
      if (counts[i] > counts[best]) {
        best = i;
      }
    }
    return Bottleneck.values()[best];
  }

  private static String line(SetResult set, int parallel, Summary summary) {
    return String.format(
        Locale.ROOT,
        "%d shards (%d at a time, %s, consistency: %s): %s",
        set.shards().size(),
        parallel,
        set.plan().strategy() == dev.sluice.core.shard.Strategy.KEY
            ? "by " + set.plan().key()
            : set.plan().strategy().jsonName(),
        set.plan().consistency().jsonName(),
        summary.line());
  }

  private static void write(Summary summary, Path file) throws ExportException {
    try {
      summary.writeJson(file);
    } catch (IOException e) {
      throw new ExportException(
          ExportException.Reason.SINK,
          "--summary-json " + file + ": cannot write: " + e.getMessage(),
          e);
    }
  }

  /**
   * What {@code --dry-run --shards} prints: the plan of one export (columns, format, destination,
   * S3 schedule) with the set's estimated rows, then each shard's bounds, rows and bytes.
   */
  private int dryRun(
      JdbcSource source, FormatChoice choice, ShardPlan plan, ShardPattern pattern, Sink first)
      throws ExportException {
    var shards = new ArrayList<DryRunPlan.Shard>();
    for (var s : plan.shards()) {
      var range =
          s.whole()
              ? "all rows"
              : "["
                  + (s.lower() == null ? "-inf" : s.lower())
                  + ", "
                  + (s.upper() == null ? "+inf" : s.upper())
                  + ")"
                  + (s.nulls() ? " +NULLs" : "");
      shards.add(
          new DryRunPlan.Shard(range + " -> " + pattern.name(s.index()), s.estimatedRows(), -1));
    }
    Estimator estimator =
        () ->
            plan.estimatedRows() < 0
                ? Optional.empty()
                : Optional.of(
                    new Estimate(
                        plan.estimatedRows(),
                        switch (plan.strategy()) {
                              case KEY -> "shards by " + plan.key() + " quantiles";
                              case CTID -> "shards by ctid block ranges";
                              case WHOLE -> "one shard";
                            }
                            + (plan.snapshot() != null
                                ? ", snapshot " + plan.snapshot()
                                : ", consistent per shard")));
    return new DryRun(command, shell)
        .run(
            source,
            first,
            choice,
            command.formatOptions(choice),
            estimator,
            pattern.pattern(),
            shards);
  }
}
