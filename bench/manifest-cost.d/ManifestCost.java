import com.sun.management.OperatingSystemMXBean;
import dev.sluice.core.Export;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.sink.StdoutSink;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the manifest's hashing costs an export, measured in one warm JVM: the same table exported
 * to a discarding sink with the manifest computed and without, per compression, alternating the
 * order each round. Reports the median rows/s (wall time) and the median CPU time of this process
 * per export (all threads: the producer that encodes, compresses and hashes, and the sink), since
 * on a shared machine CPU time is steadier than wall time. Run against the command's jar:
 * {@code java -cp cli/target/sluice.jar ManifestCost.java <jdbc-url> <table> <rounds>}.
 */
public class ManifestCost {
  static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  record Run(double rowsPerSecond, double cpuSeconds) {}

  public static void main(String[] args) throws Exception {
    var url = args[0];
    var table = args[1];
    int rounds = Integer.parseInt(args[2]);
    System.out.printf("JVM SHA-256: %.0f MB/s on 64 KiB updates (CPU %s SHA-NI)%n", sha256Rate(),
        java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo")).contains(" sha_ni")
            ? "has" : "without");
    System.out.printf("%-11s %12s %12s %7s   %9s %9s %7s%n", "compression", "off rows/s",
        "on rows/s", "cost", "off CPU s", "on CPU s", "cost");
    for (var c : Compression.values()) {
      run(url, table, c, false);
      run(url, table, c, true);
      var off = new ArrayList<Run>();
      var on = new ArrayList<Run>();
      for (int r = 0; r < rounds; r++) {
        boolean first = r % 2 == 0;
        (first ? off : on).add(run(url, table, c, !first));
        (first ? on : off).add(run(url, table, c, first));
      }
      double offRate = median(off.stream().map(Run::rowsPerSecond).toList());
      double onRate = median(on.stream().map(Run::rowsPerSecond).toList());
      double offCpu = median(off.stream().map(Run::cpuSeconds).toList());
      double onCpu = median(on.stream().map(Run::cpuSeconds).toList());
      System.out.printf("%-11s %,12.0f %,12.0f %6.1f%%   %9.2f %9.2f %6.1f%%%n",
          c.name().toLowerCase(), offRate, onRate, 100 * (offRate - onRate) / offRate,
          offCpu, onCpu, 100 * (onCpu - offCpu) / offCpu);
    }
  }

  static Run run(String url, String table, Compression c, boolean manifest) throws Exception {
    var source = JdbcSource.builder(url).user("postgres").table(table).build();
    long cpu = OS.getProcessCpuTime();
    var result = Export.builder()
        .source(source)
        .compression(c)
        .sink(new StdoutSink(OutputStream.nullOutputStream()))
        .manifest(manifest)
        .build()
        .run();
    if (result.manifest().isPresent() != manifest) {
      throw new AssertionError("manifest " + manifest + " but got " + result.manifest());
    }
    return new Run(result.rowsPerSecond(), (OS.getProcessCpuTime() - cpu) / 1e9);
  }

  static double median(List<Double> values) {
    var sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static double sha256Rate() throws Exception {
    var digest = MessageDigest.getInstance("SHA-256");
    var chunk = new byte[64 * 1024];
    long bytes = 0;
    long start = 0;
    for (int round = 0; round < 2; round++) {
      // The first round warms the JIT up so that the intrinsic is in use; the second is measured.
      start = System.nanoTime();
      bytes = 0;
      while (System.nanoTime() - start < 1_000_000_000L) {
        for (int i = 0; i < 64; i++) {
          digest.update(chunk);
        }
        bytes += 64L * chunk.length;
      }
    }
    return bytes / ((System.nanoTime() - start) / 1e9) / 1e6;
  }
}
