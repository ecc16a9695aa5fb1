package dev.sluice.cli;

import dev.sluice.core.ExportException;
import dev.sluice.core.shard.Consistency;
import dev.sluice.core.shard.ShardPattern;
import dev.sluice.core.shard.ShardPlan;
import dev.sluice.core.shard.ShardPlanner;
import dev.sluice.core.shard.Snapshot;
import dev.sluice.core.source.jdbc.JdbcSource;
import dev.sluice.core.text.Redaction;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sluice plan}: the coordinator of an export split across machines. Plans the shards, writes
 * the plan for the workers ({@code sluice export --plan ... --shard i}), and on PostgreSQL holds
 * the snapshot they read until each shard's object and manifest are at the destination, then writes
 * the set's manifest. The work is {@link Coordinator}'s; this class holds the options.
 */
@Command(
    name = "plan",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    description = {
      "Plans an export split into shards for workers on other machines, writes the plan to a file"
          + " or S3, and prints it. On PostgreSQL it then holds the snapshot every shard reads until"
          + " each shard's object and manifest are at the destination (or --hold-timeout passes),"
          + " and writes the set's manifest.",
      "Workers run 'sluice export --plan <plan> --shard <i>' (or with JOB_COMPLETION_INDEX set, as"
          + " a Kubernetes Indexed Job does). The plan holds no password: workers read theirs from"
          + " their own environment (SLUICE_DB_PASSWORD, PGPASSWORD, --password-file).",
      "A new plan starts a new export of the set: it removes an earlier export's set manifest and"
          + " aborts the S3 uploads its killed workers left open.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 planned (and every shard done, when holding), 1 the database or the"
          + " destination failed or --hold-timeout passed, 2 bad usage or configuration.",
      "",
      "Example:",
      "  sluice plan --from jdbc:postgresql://db/shop --table orders --shards 64 \\",
      "      --to 's3://bucket/orders/part-{shard}.ndjson.gz' --plan s3://bucket/orders/plan.json"
    })
final class PlanCommand implements Callable<Integer> {
  @ParentCommand private Sluice sluice;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "<jdbc-url>",
      description = "JDBC URL of the database, without a password.")
  String from;

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what;

  /** Exactly one of a query and a table. */
  static final class What {
    @Option(
        names = "--query",
        paramLabel = "<sql>",
        required = true,
        description = "SQL to run, as written; with --shards > 1 it needs --shard-by.")
    String query;

    @Option(
        names = "--table",
        paramLabel = "<name>",
        required = true,
        description = "Table to export whole (schema.table allowed).")
    String table;
  }

  @Option(
      names = "--shards",
      required = true,
      paramLabel = "<n>",
      description = "Number of shards, at least 1.")
  int shards;

  @Option(
      names = "--shard-by",
      paramLabel = "<column>",
      description =
          "Column whose value ranges the shards are (numeric, date/time or text); default: block"
              + " ranges of a PostgreSQL table, else its primary key.")
  String shardBy;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "<pattern>",
      description =
          "Where the shards go, {shard} standing for the zero-padded shard number: a path or"
              + " s3://bucket/key.")
  String to;

  @Option(
      names = "--plan",
      required = true,
      paramLabel = "<file|s3://bucket/key>",
      description = "Where to write the plan for the workers.")
  String plan;

  @Mixin EncodingOptions encoding = new EncodingOptions();

  @Option(
      names = "--hold-timeout",
      paramLabel = "<duration>",
      defaultValue = "24h",
      converter = Durations.class,
      description =
          "How long to hold the snapshot for the shards to finish, e.g. 90m, 6h (default:"
              + " ${DEFAULT-VALUE}); past it the plan fails and the snapshot is released.")
  Duration holdTimeout;

  @Option(
      names = "--no-hold",
      description =
          "Write the plan and exit: the shards each read their own snapshot (as they always do"
              + " off PostgreSQL), and no set manifest is written.")
  boolean noHold;

  @Option(
      names = "--poll",
      paramLabel = "<duration>",
      defaultValue = "2s",
      converter = Durations.class,
      description = "How often to look for finished shards (default: ${DEFAULT-VALUE}).")
  Duration poll;

  @Mixin LoginOptions login = new LoginOptions();

  @Mixin S3Options s3 = new S3Options();

  @Option(
      names = {"-q", "--quiet"},
      description = "Print the plan and errors only.")
  boolean quiet;

  @Mixin VerboseOption verbose = new VerboseOption();

  @Override
  public Integer call() throws Exception {
    var shell = sluice.shell();
    sluice.secrets().addFromUrl(from);
    if (!Redaction.passwords(from).equals(from)) {
      throw new UsageException(
          "--from carries a password, which a plan never passes on to its workers: give it in"
              + " SLUICE_DB_PASSWORD or --password-file here, and to each worker in its own"
              + " environment");
    }
    if (shards < 1) {
      throw new UsageException("--shards must be at least 1: " + shards);
    }
    if (holdTimeout.isZero() || poll.isZero()) {
      throw new UsageException("--hold-timeout and --poll must be longer than 0");
    }
    ShardPattern pattern;
    try {
      pattern = ShardPattern.of(to, shards);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--to " + e.getMessage(), e);
    }
    var url = checkUrl(from);
    var credentials = login.resolve(url, shell.env(), sluice.secrets());
    var base = JdbcSource.builder(url);
    if (what.query != null) {
      base.query(what.query);
    } else {
      base.table(what.table);
    }
    credentials.applyTo(base);
    var source = base.build();
    var document = JsonDocument.of("--plan", plan, s3);
    var coordinator = new Coordinator(pattern, s3, shell.err(), sluice.secrets(), quiet);
    coordinator.prepare();
    try (var snapshot = Snapshot.open(source)) {
      var planned = planner(source).plan(snapshot);
      if (noHold) {
        planned = withoutSnapshot(planned);
      }
      coordinator.start(planned, document, shell.out());
      if (noHold || planned.consistency() != Consistency.SNAPSHOT) {
        return ExitCodes.OK;
      }
      try {
        coordinator.hold(planned, holdTimeout, poll);
      } finally {
        snapshot.close();
        coordinator.release(document);
      }
      return ExitCodes.OK;
    }
  }

  private ShardPlanner planner(JdbcSource source) {
    var choice = encoding.planChoice(to);
    try {
      return ShardPlanner.builder(source)
          .shards(shards)
          .shardBy(shardBy)
          .destination(to)
          .format(choice.format())
          .formatOptions(encoding.formatOptions(choice))
          .compression(choice.compression())
          .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /** {@code plan} with each shard reading a state of its own, for workers that outlive it. */
  private static ShardPlan withoutSnapshot(ShardPlan plan) {
    return new ShardPlan(
        plan.version(),
        plan.url(),
        plan.dialect(),
        plan.query(),
        plan.table(),
        plan.strategy(),
        plan.key(),
        plan.shards(),
        null,
        Consistency.PER_SHARD,
        plan.destination(),
        plan.format(),
        plan.formatOptions(),
        plan.compression());
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
