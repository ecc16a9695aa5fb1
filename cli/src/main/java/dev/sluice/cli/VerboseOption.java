package dev.sluice.cli;

import picocli.CommandLine.Option;

/**
 * {@code -v, --verbose}, shared by every command as a mixin. Nothing reads the field: {@link
 * ExitCodes} looks for the option in the parse result, so that even a usage error on the same line
 * gets its stack trace.
 */
final class VerboseOption {
  @Option(
      names = {"-v", "--verbose"},
      description = "Add the stack trace to an error.")
  boolean verbose;
}
