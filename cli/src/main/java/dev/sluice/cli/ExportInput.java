package dev.sluice.cli;

import picocli.CommandLine.Option;

/**
 * What {@code sluice export} reads: exactly one of a query, a table, or a shard of a plan that
 * {@code sluice plan} wrote. A picocli argument group.
 */
final class ExportInput {
  @Option(
      names = "--query",
      paramLabel = "<sql>",
      required = true,
      description = "SQL to run, as written.")
  String query;

  @Option(
      names = "--table",
      paramLabel = "<name>",
      required = true,
      description =
          "Table to export whole (schema.table allowed); quoted, never pasted" + " into SQL.")
  String table;

  @Option(
      names = "--plan",
      required = true,
      paramLabel = "<file|s3://bucket/key>",
      description = "Export the shard --shard (or JOB_COMPLETION_INDEX) of this plan.")
  String plan;
}
