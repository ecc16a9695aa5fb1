package dev.sluice.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the command sees of the process it runs in: {@code out} for data (only when stdout is the
 * destination), {@code err} for progress, the summary and errors, the environment (credentials, and
 * whether stderr is a terminal), and whether to install a SIGINT hook. Tests pass their own.
 */
record Shell(OutputStream out, PrintStream err, Map<String, String> env, boolean signals) {

  /** The real process: unbuffered stdout, stderr, {@code System.getenv()}, a SIGINT hook. */
  static Shell system() {
    // Not System.out: a PrintStream swallows IOExceptions, and a closed pipe must fail the export.
    var out = new FileOutputStream(FileDescriptor.out);
    var err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    return new Shell(out, err, System.getenv(), true);
  }

  /**
   * Whether stderr is a terminal, so progress is a redrawn bar rather than periodic lines. The JVM
   * cannot tell for stderr alone, so the {@code ./sluice} launcher exports {@code
   * SLUICE_STDERR_TTY} from bash's {@code [ -t 2 ]}; without it, the JVM's own console check.
   */
  boolean errIsTerminal() {
    var flag = env.get("SLUICE_STDERR_TTY");
    if (flag != null) {
      return flag.equals("1");
    }
    var console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // Console.isTerminal() exists from Java 22 on; before it a console meant a terminal.
      return (Boolean) console.getClass().getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /**
   * The terminal's width for the progress line: {@code SLUICE_COLUMNS}, which the {@code ./sluice}
   * launcher exports from {@code stty size}, else {@code COLUMNS} when a shell exports it, else
   * {@value Progress#DEFAULT_WIDTH}.
   */
  int columns() {
    for (var name : new String[] {"SLUICE_COLUMNS", "COLUMNS"}) {
      try {
        int n = Integer.parseInt(env.getOrDefault(name, "").strip());
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // Unset or not a number: the next source.
      }
    }
    return Progress.DEFAULT_WIDTH;
  }
}
