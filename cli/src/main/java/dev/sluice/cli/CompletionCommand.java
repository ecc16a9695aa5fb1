package dev.sluice.cli;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice completion bash|zsh}: prints the shell completion script, made by picocli's {@link
 * AutoComplete} from the command definitions of this very build, so it always knows every
 * subcommand and option the command has. zsh runs the same script through its bash completion
 * emulation ({@code bashcompinit}), which the script turns on itself.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the shell completion script for sluice's commands and options to stdout.",
      "",
      "bash, for this shell:",
      "  source <(sluice completion bash)",
      "bash, for every new one:",
      "  sluice completion bash > ~/.local/share/bash-completion/completions/sluice",
      "zsh, in ~/.zshrc (the same script, through zsh's bashcompinit):",
      "  source <(sluice completion zsh)",
      ""
    })
final class CompletionCommand implements Callable<Integer> {
  /** The shells there is a script for. */
  static final class Shells implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("bash", "zsh").iterator();
    }
  }

  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "bash|zsh",
      completionCandidates = Shells.class,
      description = "The shell: ${COMPLETION-CANDIDATES}.")
  String shell;

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new UsageException("completion: no script for '" + shell + "' (bash or zsh)");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (shell.equals("zsh")) {
      out.print(
          "# zsh: sluice's completion runs through zsh's bash completion emulation,"
              + " which the script below turns on (compinit, bashcompinit).\n");
    }
    out.print(script(spec.root()));
    out.flush();
    return ExitCodes.OK;
  }

  /** The completion script for the command {@code root} and its subcommands. */
  static String script(CommandSpec root) {
    return AutoComplete.bash(root.name(), root.commandLine());
  }
}
