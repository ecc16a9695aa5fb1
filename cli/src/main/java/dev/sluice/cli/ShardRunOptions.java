package dev.sluice.cli;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of {@code sluice export} for running shards: which shard of a plan a worker runs, how
 * long it waits for the plan, and {@code --resume}. A picocli mixin.
 */
final class ShardRunOptions {
  /** The variable a Kubernetes Indexed Job sets to each pod's index. */
  static final String INDEX_ENV = "JOB_COMPLETION_INDEX";

  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(
      names = "--shard",
      paramLabel = "<i>",
      description =
          "With --plan: the shard to export, 0 to N-1 (default: "
              + INDEX_ENV
              + ", as a Kubernetes"
              + " Indexed Job sets it).")
  Integer shard;

  @Option(
      names = "--plan-wait",
      paramLabel = "<duration>",
      defaultValue = "0s",
      converter = Durations.class,
      description =
          "With --plan: how long to wait for the plan to appear, for a worker started with its"
              + " coordinator, e.g. 10m (default: ${DEFAULT-VALUE}).")
  Duration planWait;

  @Option(
      names = "--resume",
      description =
          "Export only the shards whose objects do not verify against their manifests (missing,"
              + " unfinished or changed); skip the others.")
  boolean resume;

  /**
   * @throws UsageException if an option that needs --plan (or, for --resume, --shards) was given
   *     without it
   */
  void refuseWithoutPlan(boolean sharded) {
    var given = given(List.of("--shard", "--plan-wait"));
    if (!given.isEmpty()) {
      throw new UsageException(given.get(0) + " applies to --plan runs only");
    }
    if (resume && !sharded) {
      throw new UsageException("--resume applies to --shards and --plan runs only");
    }
  }

  /** The options given on the command line among {@code names}. */
  List<String> given(List<String> names) {
    var parsed = command.commandLine().getParseResult();
    return names.stream().filter(parsed::hasMatchedOption).toList();
  }
}
