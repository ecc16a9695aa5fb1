package dev.sluice.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the command in this JVM with captured stdout and stderr and a given environment. */
final class Cli {
  private Cli() {}

  /** What one run did. */
  record Outcome(int exit, byte[] stdoutBytes, String stderr) {
    String stdout() {
      return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    /** Everything the run printed, for checks that something appears nowhere. */
    String all() {
      return stdout() + stderr;
    }

    @Override
    public String toString() {
      var out = stdout();
      return "exit "
          + exit
          + "\n--- stderr:\n"
          + stderr
          + "--- stdout ("
          + stdoutBytes.length
          + " bytes):\n"
          + out.substring(0, Math.min(out.length(), 2000));
    }
  }

  static Outcome run(String... args) {
    return run(Map.of(), args);
  }

  static Outcome run(Map<String, String> env, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    var errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    // No SIGINT hook in process: the JVM is the test runner's.
    int exit = Sluice.run(new Shell(out, errStream, env, false), args);
    errStream.flush();
    return new Outcome(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }
}
