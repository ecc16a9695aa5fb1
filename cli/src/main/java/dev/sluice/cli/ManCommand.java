package dev.sluice.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice man}: the man pages, in roff, made by {@link ManPage} from the command definitions
 * of this very build: printed one at a time, or all written into a directory.
 */
@Command(
    name = "man",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the man page of sluice or one of its commands (roff, for man -l -), or writes all"
          + " of them into a directory.",
      "",
      "Read one:",
      "  sluice man export | man -l -",
      "Install them all, then read one with 'man sluice-export':",
      "  sluice man --dir ~/.local/share/man/man1",
      ""
    })
final class ManCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "<command>",
      description = "The command whose page to print (default: sluice itself).")
  String command;

  @Option(
      names = "--dir",
      paramLabel = "<directory>",
      description =
          "Write every page (sluice.1, sluice-export.1, ...) into this directory,"
              + " made if missing, and print their paths.")
  Path dir;

  @Override
  public Integer call() throws IOException {
    var root = spec.root();
    var out = spec.commandLine().getOut();
    if (dir != null) {
      if (command != null) {
        throw new UsageException("man: --dir writes every page; name no command with it");
      }
      Files.createDirectories(dir);
      for (var page : pages(root)) {
        var file = dir.resolve(ManPage.fileName(page));
        Files.writeString(file, ManPage.roff(page, version()), StandardCharsets.UTF_8);
        out.println(file);
      }
    } else {
      var page = root;
      if (command != null) {
        var sub = root.subcommands().get(command);
        if (sub == null || !pages(root).contains(sub.getCommandSpec())) {
          throw new UsageException(
              "man: no page for '"
                  + command
                  + "' ("
                  + String.join(", ", pages(root).stream().skip(1).map(CommandSpec::name).toList())
                  + ")");
        }
        page = sub.getCommandSpec();
      }
      out.print(ManPage.roff(page, version()));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** {@code root} and its subcommands, without {@code help}, whose page would be this list. */
  static List<CommandSpec> pages(CommandSpec root) {
    var pages = new ArrayList<CommandSpec>();
    pages.add(root);
    for (var sub : root.subcommands().values()) {
      var s = sub.getCommandSpec();
      if (!pages.contains(s) && !s.name().equals("help") && !s.usageMessage().hidden()) {
        pages.add(s);
      }
    }
    return pages;
  }

  private static String version() {
    return new Sluice.Version().getVersion()[0];
  }
}
