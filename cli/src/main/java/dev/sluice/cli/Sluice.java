package dev.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code sluice} command. Subcommands do the work; this holds what they share: the {@link
 * Shell}, the {@link Secrets} read during the run, and the latch a SIGINT hook waits on so that an
 * interrupted export finishes aborting (and its error line is printed) before the JVM exits.
 */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = Sluice.Version.class,
    description = "Streams a database query to stdout, a file, S3 or HTTP in constant memory.")
final class Sluice implements Runnable {
  /**
   * Every subcommand, in the order help lists them. Picocli builds each one's model by reflection
   * when it is added, about a third of a short run's start-up; a run of one command adds only it.
   */
  private static final List<Class<?>> COMMANDS =
      List.of(
          ExportCommand.class,
          VerifyCommand.class,
          DemoCommand.class,
          CompletionCommand.class,
          ManCommand.class,
          PlanCommand.class,
          CommandLine.HelpCommand.class);

  /** The subcommands that run alone: their names, and nothing of the others, matter to them. */
  private static final Map<String, Class<?>> ALONE =
      Map.of(
          "export", ExportCommand.class,
          "verify", VerifyCommand.class,
          "demo", DemoCommand.class,
          "plan", PlanCommand.class);

  @Spec private CommandSpec spec;
  private final Shell shell;
  private final Secrets secrets = new Secrets();

  /** Counted down when {@link #run(Shell, String...)} has printed everything it will print. */
  private final CountDownLatch finished = new CountDownLatch(1);

  private Sluice(Shell shell) {
    this.shell = shell;
  }

  /** Runs the command line {@code args} in {@code shell} and returns the exit code. */
  static int run(Shell shell, String... args) {
    var alone = args.length > 0 ? ALONE.get(args[0]) : null;
    var cli = alone != null ? commandLine(shell, List.of(alone)) : commandLine(shell);
    try {
      return cli.execute(args);
    } finally {
      ((Sluice) cli.getCommand()).finished.countDown();
    }
  }

  /**
   * The command line with every subcommand, its exit codes and error handling set up; see {@link
   * ExitCodes}.
   */
  static CommandLine commandLine(Shell shell) {
    return commandLine(shell, COMMANDS);
  }

  private static CommandLine commandLine(Shell shell, List<Class<?>> commands) {
    var sluice = new Sluice(shell);
    var exits = new ExitCodes(shell.err(), sluice.secrets);
    var cli = new CommandLine(sluice);
    for (var command : commands) {
      cli.addSubcommand(command);
    }
    // Settings after the subcommands: picocli applies them to every subcommand already added.
    return cli.setOut(new PrintWriter(shell.out(), true, StandardCharsets.UTF_8))
        .setErr(new PrintWriter(shell.err(), true))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(exits)
        .setExecutionExceptionHandler(exits);
  }

  Shell shell() {
    return shell;
  }

  Secrets secrets() {
    return secrets;
  }

  CountDownLatch finished() {
    return finished;
  }

  @Override
  public void run() {
    // "sluice" alone: say what to type.
    throw new ParameterException(spec.commandLine(), "missing a command, such as export");
  }

  /** {@code sluice --version}: the build's version and the JVM it runs on. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      var props = new Properties();
      try (InputStream in = Sluice.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          props.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {
        "sluice " + props.getProperty("version", "unknown"),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }
}
