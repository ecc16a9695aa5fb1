package dev.sluice.cli;

import picocli.CommandLine.Option;

/** {@code --dry-run} of {@code sluice export}, as a mixin: what it does is {@link DryRun}. */
final class DryRunOption {
  @Option(
      names = "--dry-run",
      description =
          "Describe the query without running it and print the plan: columns and what each"
              + " becomes, rows and bytes (estimates), destination, S3 parts and memory. Writes"
              + " nothing; --summary-json gets the plan as JSON.")
  boolean enabled;
}
