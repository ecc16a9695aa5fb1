package dev.sluice.cli;

import dev.sluice.core.ExportException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place failures become exit codes and messages. Every failure prints one line, {@code
 * sluice: <message>}, to stderr, with passwords masked; {@code --verbose} adds the stack trace
 * (masked too).
 *
 * <ul>
 *   <li>{@value #OK}: the export completed;
 *   <li>{@value #FAILED}: the export failed: the database or the destination failed;
 *   <li>{@value #USAGE}: bad usage or configuration: unknown or conflicting options, a bad URL, no
 *       driver for it, a destination that cannot be written, an option the database rejects;
 *   <li>{@value #INTERRUPTED}: interrupted (SIGINT) or cancelled; the destination was cleaned up.
 * </ul>
 */
final class ExitCodes implements IParameterExceptionHandler, IExecutionExceptionHandler {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int INTERRUPTED = 130;

  private final PrintStream err;
  private final Secrets secrets;

  ExitCodes(PrintStream err, Secrets secrets) {
    this.err = err;
    this.secrets = secrets;
  }

  /** Bad flags: unknown, missing, conflicting or unconvertible options. */
  @Override
  public int handleParseException(ParameterException e, String[] args) {
    var command = e.getCommandLine().getCommandName();
    var help = command.equals("sluice") ? "sluice --help" : "sluice " + command + " --help";
    // picocli starts some messages with "Error: "; the line already says it is one.
    var message = e.getMessage().replaceFirst("^Error: ", "");
    var parsed = e.getCommandLine().getParseResult();
    report(message + " (see '" + help + "')", e, parsed != null && verbose(parsed));
    return USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    boolean verbose = verbose(parsed);
    if (e instanceof ExportException failure) {
      report(failure.getMessage(), e, verbose);
      return switch (failure.reason()) {
        case CONFIGURATION -> USAGE;
        case SOURCE, SINK -> FAILED;
        case INTERRUPTED -> INTERRUPTED;
      };
    }
    if (e instanceof UsageException || e instanceof ParameterException) {
      report(e.getMessage(), e, verbose);
      return USAGE;
    }
    // A bug: still one line, with the type, since the message alone may say nothing.
    report("internal error: " + e, e, verbose);
    return FAILED;
  }

  private void report(String message, Throwable e, boolean verbose) {
    var line = message == null || message.isBlank() ? e.getClass().getName() : message;
    // One line, even when a driver's message has several.
    err.println("sluice: " + secrets.mask(line.strip().replaceAll("\\s*\\R\\s*", " ")));
    if (verbose) {
      var trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(secrets.mask(trace.toString()));
    }
    err.flush();
  }

  /** Whether {@code --verbose} was given to any command on the line parsed so far. */
  private static boolean verbose(ParseResult parsed) {
    for (var p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
