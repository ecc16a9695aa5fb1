package dev.sluice.bench;

import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.format.RowEncoder;
import dev.sluice.core.source.Rows;
import dev.sluice.core.source.jdbc.Dialect;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The encoders' own cost per row, without the database: {@value #ROWS} rows of bench/compare's
 * mixed table (bigint, timestamptz, text, numeric(12,2), text[], jsonb, boolean, nullable text) are
 * read once from PostgreSQL into pgjdbc's memory (a scrollable result), then each operation encodes
 * all of them again into a stream that only counts. One operation is one row, so the score in ops/s
 * is rows/s of one core.
 *
 * <p>{@code dialect=POSTGRESQL} is the fast path (pgjdbc's received bytes); {@code GENERIC} is the
 * portable typed getters any driver has. {@code touch} reads every column with {@code getBytes} and
 * writes nothing: the floor under any encoder that reads the bytes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class EncoderBenchmark {
  static final int ROWS = 10_000;

  /** The mixed orders table, as bench/compare builds it, generated on the fly. */
  static final String QUERY =
      """
      SELECT g AS id,
        timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second' AS created_at,
        'customer-' || (g % 100000) AS customer,
        (((g * 7919) % 10000000) / 100.0)::numeric(12,2) AS amount,
        ARRAY['tag' || (g % 7), 'tag' || (g % 11)] AS tags,
        jsonb_build_object('channel', (ARRAY['web','app','store'])[1 + g % 3],
          'items', 1 + g % 5, 'gift', g % 2 = 0) AS attrs,
        g % 3 <> 0 AS paid,
        CASE WHEN g % 4 = 0 THEN NULL ELSE 'note ' || md5(g::text) END AS note
      FROM generate_series(1::bigint, $ROWS) g"""
          .replace("$ROWS", String.valueOf(ROWS));

  /** What {@link #encode} is run with; {@link #touch} has no parameters, so it runs once. */
  @State(Scope.Thread)
  public static class Case {
    @Param({"NDJSON", "CSV", "JSON"})
    public Format format;

    @Param({"POSTGRESQL", "GENERIC"})
    public Dialect dialect;
  }

  /** Overridden with -Dsluice.bench.pg=... */
  private final String url =
      System.getProperty(
          "sluice.bench.pg", "jdbc:postgresql://127.0.0.1:5432/sluice_test?user=postgres");

  private Connection connection;
  private ResultSet rs;
  private Counting out;

  @Setup(Level.Trial)
  public void query() throws SQLException {
    connection = DriverManager.getConnection(url);
    Statement st =
        connection.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
    rs = st.executeQuery(QUERY);
    out = new Counting();
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    connection.close();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long encode(Case c) throws Exception {
    rs.beforeFirst();
    Rows rows = JdbcSource.rows(rs, c.dialect);
    RowEncoder encoder = c.format.encoder(rows, FormatOptions.defaults(), out);
    encoder.begin();
    while (rows.next()) {
      encoder.write();
    }
    encoder.end();
    return out.bytes;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void touch(Blackhole bh) throws SQLException {
    rs.beforeFirst();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      for (int i = 1; i <= n; i++) {
        bh.consume(rs.getBytes(i));
      }
    }
  }

  /** Counts and discards, like /dev/null. */
  static final class Counting extends OutputStream {
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
