package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice man}: each page, rendered by groff as man(1) does, lists every option of its
 * command as the command definitions have it, so an option added without its documentation cannot
 * pass.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManPageTest {
  @TempDir Path dir;

  @Test
  void everyPageListsEveryOptionAndArgumentOfItsCommand() throws Exception {
    var root = CompletionTest.root();
    for (var command : ManCommand.pages(root)) {
      var args = command == root ? new String[] {"man"} : new String[] {"man", command.name()};
      var run = Cli.run(args);
      assertThat(run.exit()).as(run.toString()).isZero();
      var text = render(run.stdout());
      assertThat(text).contains(ManPage.name(command).toUpperCase() + "(1)");
      for (var option : command.options()) {
        if (option.hidden()) {
          continue;
        }
        // Each option is the tag of its own paragraph: its names, then "=<label>" if it takes one.
        assertThat(text)
            .as(ManPage.name(command))
            .containsPattern(
                "(?m)^ {7}"
                    + String.join(", ", option.names()).replace("-", "\\-")
                    + "(\\[?=.*)?$");
      }
      for (var positional : command.positionalParameters()) {
        assertThat(text).containsPattern("(?m)^ {7}\\Q" + positional.paramLabel() + "\\E$");
      }
    }
  }

  @Test
  void sluicePageListsTheCommandsAndEachPageTheOthers() throws Exception {
    var text = render(Cli.run("man").stdout());
    assertThat(text)
        .contains("COMMANDS", "export", "verify", "demo", "completion")
        .contains("sluice-export(1)", "sluice-man(1)")
        .doesNotContain("sluice-help");
    var export = render(Cli.run("man", "export").stdout());
    assertThat(export)
        .contains("NOTES", "Exit codes: 0 done", "Examples:")
        .contains("SEE ALSO")
        .contains("sluice(1)", "sluice-verify(1)");
  }

  @Test
  void groffReadsEveryPageWithoutAWarning() throws Exception {
    for (var command : ManCommand.pages(CompletionTest.root())) {
      var page = dir.resolve(ManPage.fileName(command));
      var name = command == command.root() ? "sluice" : command.name();
      Files.writeString(
          page, name.equals("sluice") ? Cli.run("man").stdout() : Cli.run("man", name).stdout());
      var groff =
          new ProcessBuilder("groff", "-man", "-Tascii", "-ww", "-z", page.toString())
              .redirectErrorStream(true)
              .start();
      var warnings = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(groff.waitFor()).isZero();
      assertThat(warnings).as(page.toString()).isEmpty();
    }
  }

  @Test
  void dirWritesOnePagePerCommand() throws IOException {
    var target = dir.resolve("man/man1");
    var run = Cli.run("man", "--dir", target.toString());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(target.resolve("sluice.1")).content().startsWith(".TH \"SLUICE\" 1");
    assertThat(target.resolve("sluice-export.1")).content().contains("\\-\\-summary\\-json");
    try (var files = Files.list(target)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "sluice.1",
              "sluice-export.1",
              "sluice-verify.1",
              "sluice-demo.1",
              "sluice-completion.1",
              "sluice-plan.1",
              "sluice-man.1");
    }
    assertThat(run.stdout().lines()).hasSize(7).allMatch(l -> l.startsWith(target.toString()));
  }

  @Test
  void unknownCommandIsAUsageError() {
    var run = Cli.run("man", "nosuch");
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.stderr()).startsWith("sluice: man: no page for 'nosuch' (export, verify,");
  }

  @Test
  void escapeKeepsRoffControlCharactersAsText() {
    assertThat(ManPage.escape("a-b \\n\n.x\n'y")).isEqualTo("a\\-b \\en\n\\&.x\n\\&'y");
  }

  /** {@code roff} as man(1) shows it, in plain text on a wide page without hyphenation. */
  static String render(String roff) throws IOException, InterruptedException {
    var groff =
        new ProcessBuilder("groff", "-man", "-Tascii", "-P-cbou", "-rLL=250n", "-rHY=0")
            .redirectErrorStream(true)
            .start();
    try (var in = groff.getOutputStream()) {
      in.write(roff.getBytes(StandardCharsets.UTF_8));
    }
    var text = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(groff.waitFor()).isZero();
    return text;
  }
}
