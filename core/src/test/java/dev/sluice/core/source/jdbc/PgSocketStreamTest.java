package dev.sluice.core.source.jdbc;

import static dev.sluice.core.source.jdbc.OneConnection.serve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.ExportException;
import dev.sluice.core.testing.TestDatabases;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.ResultSet;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A PostgreSQL connection's socket told that the server streams ({@link PgSocketFactory.Hint}):
 * until the client next writes, a refill that finds the stream nearly dry waits for more first, and
 * one that finds plenty does not; the cursor tells it once COPY has started; and every connection
 * attempt, made or failed, leaves no factory registered.
 */
@Timeout(60)
public class PgSocketStreamTest {
  @Test
  void aDryStreamWaitsBeforeEachRefillUntilTheClientWrites() throws Exception {
    var waits = new AtomicInteger();
    var next = new CountDownLatch(3);
    try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var writer =
          serve(
              server,
              socket -> {
                OutputStream out = socket.getOutputStream();
                for (int piece = 0; piece < 4; piece++) {
                  out.write(new byte[100]);
                  out.flush();
                  if (piece < 3) {
                    awaitTurn(next, 3 - piece);
                  }
                }
              });
      String key = PgSocketFactory.newKey();
      var factory = new PgSocketFactory(keyed(key), nanos -> waits.incrementAndGet());
      try (Socket s = factory.createSocket(server.getInetAddress(), server.getLocalPort())) {
        PgSocketFactory.Hint hint = PgSocketFactory.claim(key);
        assertThat(hint).isSameAs(s);
        assertThat(PgSocketFactory.claim(key)).isNull();
        InputStream in = s.getInputStream();
        byte[] b = new byte[1000];

        assertThat(in.read(b)).isEqualTo(100);
        assertThat(waits).hasValue(0);
        next.countDown();

        hint.expectStream();
        assertThat(in.readNBytes(b, 0, 100)).isEqualTo(100);
        assertThat(waits).hasValue(1);
        next.countDown();
        assertThat(in.readNBytes(b, 0, 100)).isEqualTo(100);
        assertThat(waits).hasValue(2);

        s.getOutputStream().write('x');
        next.countDown();
        assertThat(in.readNBytes(b, 0, 100)).isEqualTo(100);
        assertThat(waits).as("a write ends the stream").hasValue(2);
      }
      writer.join();
    }
  }

  @Test
  void aStreamWithAQuarterOfTheBufferWaitingIsReadAtOnce() throws Exception {
    var waits = new AtomicInteger();
    int sent = PgSocketInput.BUFFER / 2;
    try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var writer = serve(server, socket -> socket.getOutputStream().write(new byte[sent]));
      var factory = new PgSocketFactory(new Properties(), nanos -> waits.incrementAndGet());
      try (Socket s = factory.createSocket()) {
        // Room for all of it in the socket's buffer, so that all of it can be waiting.
        s.setReceiveBufferSize(4 * PgSocketInput.BUFFER);
        s.connect(server.getLocalSocketAddress());
        InputStream in = s.getInputStream();
        writer.join();
        while (in.available() < sent) {
          Thread.sleep(1);
        }
        ((PgSocketFactory.Hint) s).expectStream();
        assertThat(in.readNBytes(sent)).hasSize(sent);
        assertThat(waits).hasValue(0);
        assertThat(in.read()).as("the end of the stream").isEqualTo(-1);
        assertThat(waits).as("a dry stream waits once more before its end").hasValue(1);
      }
    }
  }

  @Test
  void theCursorTellsTheSocketOnceCopyHasStarted() throws Exception {
    String sql = "SELECT g AS id, 'row ' || g AS name FROM generate_series(1, 50000) g";
    assertThat(copiedRows(sql, true)).isEqualTo(new long[] {50_000, 1});
    assertThat(copiedRows(sql, false)).as("no COPY, no stream").isEqualTo(new long[] {50_000, 0});
  }

  /** The rows a cursor reads of {@code sql}, and how many times it told the socket of a stream. */
  private static long[] copiedRows(String sql, boolean pgCopy) throws Exception {
    String url = TestDatabases.POSTGRESQL.url();
    var props = Sessions.properties(Dialect.POSTGRESQL, "postgres", null);
    var connection = JdbcSource.driver(url).connect(url, props);
    PgSocketFactory.Hint socket = PgSocketFactory.claim(props.getProperty(PgSocketFactory.KEY));
    assertThat(socket).isNotNull();
    var told = new AtomicInteger();
    PgSocketFactory.Hint counting =
        () -> {
          told.incrementAndGet();
          socket.expectStream();
        };
    Sessions.prepare(connection, Dialect.POSTGRESQL);
    var statement =
        connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    statement.setFetchSize(1000);
    try (var cursor =
        new JdbcCursor(connection, counting, statement, sql, Dialect.POSTGRESQL, pgCopy)) {
      cursor.execute();
      assertThat(cursor.copying()).isEqualTo(pgCopy);
      long rows = 0;
      var r = cursor.rows();
      while (r.next()) {
        rows++;
      }
      return new long[] {rows, told.get()};
    }
  }

  @Test
  void everyAttemptToConnectLeavesNoFactoryRegistered() throws Exception {
    int before = PgSocketFactory.unclaimed();
    var good = TestDatabases.POSTGRESQL.source().query("SELECT 1").build();
    try (var c = good.connect()) {
      assertThat(c.isValid(5)).isTrue();
    }
    try (var cursor = good.open()) {
      cursor.execute();
    }
    var missing =
        JdbcSource.builder(TestDatabases.POSTGRESQL.url() + "_no_such_database")
            .user("postgres")
            .query("SELECT 1")
            .build();
    assertThatThrownBy(missing::connect).isInstanceOf(ExportException.class);
    assertThat(PgSocketFactory.unclaimed()).isEqualTo(before);
  }

  /** Connection properties that name a factory for {@link PgSocketFactory#claim}. */
  private static Properties keyed(String key) {
    var p = new Properties();
    p.setProperty(PgSocketFactory.KEY, key);
    return p;
  }

  /** Waits until the client has counted {@code latch} down to {@code below}. */
  private static void awaitTurn(CountDownLatch latch, long below) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (latch.getCount() >= below && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }
}
