package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sluice completion}: the script is checked against the command definitions themselves, so
 * an option added without its completion cannot pass.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompletionTest {
  @TempDir Path dir;

  /** The command tree of this build, as picocli sees it. */
  static CommandSpec root() {
    var nowhere = new PrintStream(OutputStream.nullOutputStream());
    return Sluice.commandLine(new Shell(OutputStream.nullOutputStream(), nowhere, Map.of(), false))
        .getCommandSpec();
  }

  /** Every command: sluice and each subcommand. */
  static List<CommandSpec> commands() {
    var all = new ArrayList<CommandSpec>();
    all.add(root());
    for (var sub : all.getFirst().subcommands().values()) {
      all.add(sub.getCommandSpec());
    }
    return all;
  }

  private String script(String shell) {
    var run = Cli.run("completion", shell);
    assertThat(run.exit()).as(run.toString()).isZero();
    return run.stdout();
  }

  @Test
  void bashScriptNamesEveryCommandAndEveryOption() {
    var script = script("bash");
    for (var command : commands()) {
      assertThat(script).contains(command.name());
      for (var option : command.options()) {
        assertThat(script)
            .as(command.qualifiedName() + " " + option.longestName())
            .contains(option.names());
      }
    }
  }

  @Test
  void bashAcceptsTheScript() throws Exception {
    var file = dir.resolve("sluice.bash");
    Files.writeString(file, script("bash"));
    var bash = run("bash", "-n", file.toString());
    assertThat(bash.exit).as(bash.output).isZero();
  }

  @Test
  void bashCompletesEveryLongOptionOfEveryCommand() throws Exception {
    var file = dir.resolve("sluice.bash");
    Files.writeString(file, script("bash"));
    for (var command : commands()) {
      var words = command == command.root() ? "sluice --" : "sluice " + command.name() + " --";
      var offered = complete(file, words);
      for (var option : command.options()) {
        for (var name : option.names()) {
          if (name.startsWith("--")) {
            assertThat(offered).as(words).contains(name);
          }
        }
      }
    }
  }

  @Test
  void bashCompletesCommandsAndTheShellsOfCompletion() throws Exception {
    var file = dir.resolve("sluice.bash");
    Files.writeString(file, script("bash"));
    assertThat(complete(file, "sluice ")).contains("export", "verify", "demo", "completion", "man");
    assertThat(complete(file, "sluice completion ")).containsExactlyInAnyOrder("bash", "zsh");
  }

  @Test
  void zshScriptIsTheBashScriptRunThroughBashcompinit() {
    var zsh = script("zsh");
    assertThat(zsh).startsWith("# zsh: ").contains("bashcompinit").endsWith(script("bash"));
  }

  @Test
  void anotherShellIsAUsageError() {
    var run = Cli.run("completion", "fish");
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.stderr()).isEqualTo("sluice: completion: no script for 'fish' (bash or zsh)\n");
  }

  /** What bash offers for the command line {@code line} (the cursor at its end). */
  private static List<String> complete(Path script, String line) throws Exception {
    // COMP_WORDS as bash splits the line, with an empty last word after a trailing space.
    var words = new ArrayList<>(List.of(line.strip().split(" ")));
    if (line.endsWith(" ")) {
      words.add("");
    }
    var quoted = new StringBuilder();
    for (var w : words) {
      quoted.append(" '").append(w).append("'");
    }
    var program =
        "source '"
            + script
            + "'; COMP_WORDS=("
            + quoted
            + " ); COMP_CWORD="
            + (words.size() - 1)
            + "; COMP_LINE='"
            + line
            + "'; COMP_POINT="
            + line.length()
            + "; _complete_sluice 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
    var bash = run("bash", "-c", program);
    assertThat(bash.exit).as(bash.output).isZero();
    return bash.output.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private record Result(int exit, String output) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }
}
