package dev.sluice.core.format;

import dev.sluice.core.source.jdbc.Dialect;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

/**
 * Rows per second of the encoders over a real query, to /dev/null: a quick throughput figure
 * without JMH ({@code bench/run-encoder-bench} runs the JMH benchmark). Not a test. Run (from the
 * repository root, after test-compile):
 *
 * <pre>{@code
 * java -cp core/target/test-classes:core/target/classes:$CP \
 *     dev.sluice.core.format.EncoderThroughput \
 *     'jdbc:postgresql://127.0.0.1:5432/sluice_bench?user=postgres' \
 *     'SELECT * FROM bench_orders_1m' ndjson 3
 * }</pre>
 *
 * The format {@code fetch} only walks the rows (the driver's own cost); {@code touch} also calls
 * {@code getBytes} on every column, the floor under any encoder reading that way.
 *
 * <p>With a fifth argument {@code memory}, the result is read once into the driver's memory
 * (scrollable) and then encoded {@code runs} times over from there: the encoder's CPU cost per row
 * without the database, e.g. {@code 'SELECT * FROM bench_orders_10k' ndjson 200 memory}. {@code
 * -Dsluice.dialect=GENERIC} there encodes with the portable getters instead of the dialect's own
 * cells.
 */
public final class EncoderThroughput {
  private EncoderThroughput() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String sql = args[1];
    String mode = args[2];
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    if (args.length > 4 && args[4].equals("memory")) {
      inMemory(url, sql, mode, runs);
      return;
    }
    for (int run = 1; run <= runs; run++) {
      try (Connection c = DriverManager.getConnection(url)) {
        c.setAutoCommit(false);
        Dialect dialect = Dialect.of(c.getMetaData());
        try (Statement st = c.createStatement()) {
          st.setFetchSize(10_000);
          var threads = java.lang.management.ManagementFactory.getThreadMXBean();
          long cpuStart = threads.getCurrentThreadCpuTime();
          long start = System.nanoTime();
          long rows = 0;
          Counting out = new Counting();
          try (ResultSet rs = st.executeQuery(sql)) {
            switch (mode) {
              case "fetch" -> {
                while (rs.next()) {
                  rows++;
                }
              }
              case "touch" -> {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                  for (int i = 1; i <= n; i++) {
                    byte[] b = rs.getBytes(i);
                    out.bytes += b == null ? 0 : b.length;
                  }
                  rows++;
                }
              }
              default -> {
                Format format = Format.valueOf(mode.toUpperCase(Locale.ROOT));
                rows +=
                    Encoded.encode(
                        JdbcSource.rows(rs, dialect), format, FormatOptions.defaults(), out);
              }
            }
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "%s run %d: %,d rows in %.2f s = %,.0f rows/s; thread CPU %.2f s = %.0f ns/row;"
                  + " %,d bytes%n",
              mode,
              run,
              rows,
              seconds,
              rows / seconds,
              cpu,
              cpu * 1e9 / rows,
              out.bytes);
        }
        c.rollback();
      }
    }
  }

  private static void inMemory(String url, String sql, String mode, int runs) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement st =
            c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
        ResultSet rs = st.executeQuery(sql)) {
      Dialect dialect =
          Dialect.valueOf(System.getProperty("sluice.dialect", Dialect.of(c.getMetaData()).name()));
      int n = rs.getMetaData().getColumnCount();
      var threads = java.lang.management.ManagementFactory.getThreadMXBean();
      for (int round = 0; round < 5; round++) {
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long rows = 0;
        Counting out = new Counting();
        for (int run = 0; run < runs; run++) {
          rs.beforeFirst();
          if (mode.equals("touch")) {
            while (rs.next()) {
              for (int i = 1; i <= n; i++) {
                byte[] b = rs.getBytes(i);
                out.bytes += b == null ? 0 : b.length;
              }
              rows++;
            }
          } else {
            Format format = Format.valueOf(mode.toUpperCase(Locale.ROOT));
            rows +=
                Encoded.encode(JdbcSource.rows(rs, dialect), format, FormatOptions.defaults(), out);
          }
        }
        double ns = (System.nanoTime() - start) / (double) rows;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / (double) rows;
        System.out.printf(
            Locale.ROOT,
            "%s in memory, round %d: %.0f ns/row wall, %.0f ns/row"
                + " thread CPU (%,.0f rows/s), %.0f bytes/row%n",
            mode,
            round,
            ns,
            cpu,
            1e9 / cpu,
            out.bytes / (double) rows);
      }
    }
  }

  /** Counts and discards. */
  private static final class Counting extends OutputStream {
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
