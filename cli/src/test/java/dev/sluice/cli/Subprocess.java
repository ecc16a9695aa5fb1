package dev.sluice.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code sluice.jar} (or the {@code ./sluice} launcher) as a child process, the way a
 * user does, with stdout and stderr in files, and watches its peak memory.
 */
final class Subprocess {
  /** The repository root: the cli module's parent. */
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  static final Path JAR = ROOT.resolve("cli/target/sluice.jar");

  final Process process;
  final Path stdout;
  final Path stderr;

  /** Highest VmHWM seen in /proc, in KiB. */
  private long peakKib;

  private Subprocess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts {@code java [jvmOptions] -jar sluice.jar args} with the test's environment plus env. */
  static Subprocess jar(Path dir, List<String> jvmOptions, Map<String, String> env, String... args)
      throws IOException {
    var command = new ArrayList<String>();
    // SIGINT may be ignored by whatever started this JVM (a background job of a non-interactive
    // shell), and a JVM that inherits an ignored SIGINT never handles it. Perl (in every Debian
    // base system) restores the default before exec, keeping the pid.
    command.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!"));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    return start(dir, command, env);
  }

  static Subprocess start(Path dir, List<String> command, Map<String, String> env)
      throws IOException {
    var out = Files.createTempFile(dir, "stdout", ".txt");
    var err = Files.createTempFile(dir, "stderr", ".txt");
    var builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(env);
    return new Subprocess(builder.start(), out, err);
  }

  /** Waits for the exit, sampling peak memory meanwhile; returns the exit code. */
  int waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
      sampleMemory();
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError(
            "sluice did not exit within " + timeout + " " + unit + "; stderr: " + stderr());
      }
    }
    return process.exitValue();
  }

  /** Sends SIGINT, as Ctrl-C in a terminal does. */
  void interrupt() throws IOException, InterruptedException {
    var kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -INT failed");
    }
  }

  String stderr() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Peak resident memory (VmHWM) seen while the process ran, in MiB. */
  double peakRssMib() {
    return peakKib / 1024.0;
  }

  private void sampleMemory() {
    try {
      var status = Path.of("/proc", String.valueOf(process.pid()), "status");
      for (var line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          peakKib = Math.max(peakKib, Long.parseLong(line.replaceAll("\\D", "")));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Gone already, or a system without /proc: the last sample stands.
    }
  }
}
