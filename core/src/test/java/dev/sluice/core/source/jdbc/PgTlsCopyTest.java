package dev.sluice.core.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.sink.TestCa;
import dev.sluice.core.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * COPY's output read over TLS from the real server, through {@link PgSocketFactory}'s buffered
 * socket under pgjdbc's TLS, waiting for more as the stream runs dry: the same CSV as over a plain
 * connection. The local server gets a certificate and {@code ssl = on} for the class's duration
 * (ALTER SYSTEM and a reload), and loses them after; the test runs where it can put the key in the
 * server's data directory, owned by the server's user.
 */
@Timeout(120)
class PgTlsCopyTest {
  static final TestDatabases PG = TestDatabases.POSTGRESQL;
  static final String QUERY =
      "SELECT g AS id, 'customer-' || g AS customer, ARRAY['a' || g, 'b\"' || g] AS tags,"
          + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second' AS at"
          + " FROM generate_series(1, 200000) g";

  static Path dir;
  static Path cert;
  static Path key;

  @BeforeAll
  static void tlsOn() throws Exception {
    UserPrincipal postgres;
    try {
      postgres =
          FileSystems.getDefault()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName("postgres");
    } catch (IOException e) {
      Assumptions.abort("no user postgres to give the server's key to: " + e);
      return;
    }
    // Beside the server's data, where it can always read them: should a run stop before it turns
    // TLS off again, the server still starts (and .ci/services.sh turns it off).
    Path data;
    try (var c = PG.connect();
        var rs = c.createStatement().executeQuery("SHOW data_directory")) {
      rs.next();
      data = Path.of(rs.getString(1));
    }
    if (!Files.isWritable(data)) {
      Assumptions.abort("the server's data directory is not writable here: " + data);
    }
    dir = Files.createTempDirectory("sluice-test-tls-ca");
    var ca = TestCa.create(dir);
    cert = data.resolve("sluice-test-tls.crt");
    key = data.resolve("sluice-test-tls.key");
    ca.writeServerPem(cert, key);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    try {
      Files.setOwner(cert, postgres);
      Files.setOwner(key, postgres);
    } catch (IOException e) {
      Assumptions.abort("the server's user cannot be given the key here: " + e);
    }
    PG.execute(
        "ALTER SYSTEM SET ssl_cert_file = '" + cert + "'",
        "ALTER SYSTEM SET ssl_key_file = '" + key + "'",
        "ALTER SYSTEM SET ssl = on",
        "SELECT pg_reload_conf()");
    // The reload is asynchronous: wait until a connection that requires TLS gets it.
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      try (var c = DriverManager.getConnection(url("require"), "postgres", null)) {
        return;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the server did not turn TLS on (see its log)", e);
        }
        Thread.sleep(50);
      }
    }
  }

  @AfterAll
  static void tlsOff() throws Exception {
    PG.execute(
        "ALTER SYSTEM RESET ssl",
        "ALTER SYSTEM RESET ssl_cert_file",
        "ALTER SYSTEM RESET ssl_key_file",
        "SELECT pg_reload_conf()");
    for (Path f : new Path[] {cert, key}) {
      if (f != null) {
        Files.deleteIfExists(f);
      }
    }
    if (dir != null) {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  static String url(String sslmode) {
    return PG.url() + "?sslmode=" + sslmode;
  }

  @Test
  void copyOverTlsGivesTheSameCsvAsOverAPlainConnection() throws Exception {
    var tls = JdbcSource.builder(url("require")).user("postgres").query(QUERY).build();
    try (var c = tls.connect();
        var rs =
            c.createStatement()
                .executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).as("TLS").isTrue();
    }
    byte[] overTls = csv(tls);
    byte[] plain = csv(JdbcSource.builder(url("disable")).user("postgres").query(QUERY).build());
    assertThat(overTls).hasSizeGreaterThan(10_000_000);
    assertThat(overTls).isEqualTo(plain);
  }

  /** The CSV of the source's rows, read through COPY. */
  private static byte[] csv(JdbcSource source) throws Exception {
    var options = FormatOptions.defaults();
    try (var cursor = (JdbcCursor) source.open()) {
      cursor.csv(options.csvDialect());
      cursor.execute();
      assertThat(cursor.copyingCsv()).isTrue();
      var out = new ByteArrayOutputStream();
      var encoder = Format.CSV.encoder(cursor.rows(), options, out);
      encoder.begin();
      while (cursor.rows().next()) {
        encoder.write();
      }
      encoder.end();
      return out.toByteArray();
    }
  }
}
