import com.sun.management.OperatingSystemMXBean;
import dev.sluice.core.compress.Compression;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * What gzip costs on the deflate that {@link Compression#GZIP} picks in this JVM at {@code level}
 * (ISA-L igzip, libdeflate or the JDK's zlib, see {@code SLUICE_DEFLATE}): compresses {@code MB}
 * megabytes of CSV-like rows (a 16 MiB generated block, repeated; gzip's 32 KiB window never sees
 * the repetition) at {@code level} into a discarding stream, and prints one line: the implementation, bytes in and out, the
 * CPU seconds of this process (all threads) and the wall seconds. A warm-up of 32 MB comes first.
 * With {@code --dump} it writes the same bytes to stdout instead, for {@code gzip(1)} to compress.
 * Run against the command's jar: {@code java -cp cli/target/sluice.jar DeflateCost.java 200 1}.
 */
public class DeflateCost {
  static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    long megabytes = Long.parseLong(args[0]);
    int level = Integer.parseInt(args[1]);
    boolean dump = args.length > 2 && args[2].equals("--dump");
    var block = rows(16 << 20);
    long total = megabytes * 1_000_000;
    if (dump) {
      try (var out = System.out) {
        feed(out, block, total);
      }
      return;
    }
    var counter = new Counter();
    try (var out = Compression.GZIP.compress(counter, level)) {
      feed(out, block, 32_000_000);
    }
    counter.bytes = 0;
    long cpu = OS.getProcessCpuTime();
    long wall = System.nanoTime();
    try (var out = Compression.GZIP.compress(counter, level)) {
      feed(out, block, total);
    }
    double cpuSeconds = (OS.getProcessCpuTime() - cpu) / 1e9;
    double wallSeconds = (System.nanoTime() - wall) / 1e9;
    System.out.printf("%-40s level %d  %,d -> %,d bytes  cpu %.2f s  wall %.2f s%n",
        Compression.GZIP.implementation(level) + " (" + Runtime.getRuntime().availableProcessors()
            + " cpu)", level, total, counter.bytes, cpuSeconds, wallSeconds);
  }

  /** Writes {@code total} bytes of {@code block}, repeated, in 64 KiB writes like the encoder. */
  static void feed(OutputStream out, byte[] block, long total) throws Exception {
    for (long at = 0; at < total; ) {
      int from = (int) (at % block.length);
      int n = (int) Math.min(Math.min(64 * 1024, block.length - from), total - at);
      out.write(block, from, n);
      at += n;
    }
  }

  /** Rows like the orders table's as CSV: ids, timestamps, names, amounts, tags, a hash. */
  static byte[] rows(int size) {
    var random = new Random(42);
    var channels = new String[] {"web", "app", "store"};
    var text = new StringBuilder(size + 256);
    for (long id = 1; text.length() < size; id++) {
      text.append(id).append(",2024-01-").append(1 + random.nextInt(28)).append(' ')
          .append(10 + random.nextInt(14)).append(':').append(10 + random.nextInt(50))
          .append(":00+00,customer-").append(random.nextInt(100_000)).append(',')
          .append(random.nextInt(100_000)).append('.').append(random.nextInt(100)).append(",\"{tag")
          .append(id % 7).append(",tag").append(id % 11).append("}\",\"{\"\"channel\"\": \"\"")
          .append(channels[random.nextInt(3)]).append("\"\"}\",")
          .append(random.nextBoolean() ? 't' : 'f').append(",note ")
          .append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong()))
          .append('\n');
    }
    var bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) text.charAt(i);
    }
    return bytes;
  }

  /** Counts and drops what is written. */
  static final class Counter extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
