package dev.sluice.core.source.jdbc;

import static dev.sluice.core.source.jdbc.OneConnection.serve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.sink.TestCa;
import dev.sluice.core.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL connections read their socket through {@link PgSocketFactory}'s buffer: every byte in
 * order whatever the pieces it comes in, a read timeout that leaves the stream usable (pgjdbc polls
 * for notices with a 1 ms one), TLS layered over the socket as pgjdbc layers it, and a factory
 * named in the URL still wins.
 */
@Timeout(60)
public class PgSocketFactoryTest {
  @Test
  void aPostgresqlConnectionIsMadeByTheFactoryUnlessTheUrlNamesOne() throws Exception {
    assertThat(Sessions.properties(Dialect.POSTGRESQL, "u", null).getProperty("socketFactory"))
        .isEqualTo(PgSocketFactory.class.getName());

    int before = Counting.created.get();
    var source =
        JdbcSource.builder(
                TestDatabases.POSTGRESQL.url() + "?socketFactory=" + Counting.class.getName())
            .user("postgres")
            .query("SELECT 1")
            .build();
    try (var c = source.connect();
        var rs = c.createStatement().executeQuery("SELECT 41 + 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
    assertThat(Counting.created.get()).isEqualTo(before + 1);
  }

  @Test
  void everyByteArrivesInOrderWhateverThePiecesItComesIn() throws Exception {
    byte[] sent = new byte[3 * PgSocketFactory.BUFFER + 12_345];
    new Random(7).nextBytes(sent);
    try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var writer =
          serve(
              server,
              socket -> {
                OutputStream out = socket.getOutputStream();
                var random = new Random(11);
                for (int i = 0; i < sent.length; ) {
                  int n = Math.min(sent.length - i, 1 + random.nextInt(20_000));
                  out.write(sent, i, n);
                  out.flush();
                  i += n;
                }
              });
      try (Socket s =
          new PgSocketFactory().createSocket(server.getInetAddress(), server.getLocalPort())) {
        var received = new ByteArrayOutputStream();
        var random = new Random(13);
        byte[] piece = new byte[10_000];
        InputStream in = s.getInputStream();
        assertThat(s.getInputStream()).isSameAs(in);
        for (int n; (n = in.read(piece, 0, 1 + random.nextInt(piece.length))) != -1; ) {
          received.write(piece, 0, n);
        }
        assertThat(received.toByteArray()).isEqualTo(sent);
      }
      writer.join();
    }
  }

  @Test
  void aConnectionRefusedIsTheConnectsOwnFailure() throws Exception {
    int port;
    try (var closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    assertThatThrownBy(() -> new PgSocketFactory().createSocket("127.0.0.1", port))
        .isInstanceOf(ConnectException.class);
    assertThatThrownBy(
            () ->
                new PgSocketFactory()
                    .createSocket(
                        InetAddress.getLoopbackAddress(),
                        port,
                        InetAddress.getLoopbackAddress(),
                        0))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aReadThatTimesOutLeavesTheStreamUsable() throws Exception {
    var release = new CountDownLatch(1);
    try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var writer =
          serve(
              server,
              socket -> {
                OutputStream out = socket.getOutputStream();
                out.write(new byte[] {1, 2, 3});
                out.flush();
                release.await(30, TimeUnit.SECONDS);
                out.write(new byte[] {4, 5});
              });
      try (Socket s = new PgSocketFactory().createSocket()) {
        s.connect(server.getLocalSocketAddress());
        s.setSoTimeout(50);
        InputStream in = s.getInputStream();
        byte[] b = new byte[8];
        assertThat(in.read(b, 0, 8)).isEqualTo(3);
        assertThat(in.available()).isZero();
        assertThatThrownBy(() -> in.read(b, 0, 8)).isInstanceOf(SocketTimeoutException.class);
        release.countDown();
        s.setSoTimeout(10_000);
        assertThat(in.read(b, 3, 5)).isEqualTo(2);
        assertThat(b).startsWith(1, 2, 3, 4, 5);
        assertThat(in.read()).isEqualTo(-1);
      }
      writer.join();
    }
  }

  /**
   * As pgjdbc asks for TLS: an SSLRequest and the server's one-byte answer in the clear through the
   * buffered stream, then TLS layered over the same socket. The buffer reads nothing past the
   * answer (the server says nothing more until the client's hello), so the handshake and every byte
   * after it arrive intact.
   */
  @Test
  void tlsLayeredOverTheSocketAsPgjdbcDoesCarriesEveryByte(@TempDir Path dir) throws Exception {
    var ca = TestCa.create(dir);
    byte[] sent = new byte[2 * PgSocketFactory.BUFFER + 999];
    new Random(17).nextBytes(sent);
    byte[] request = {0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f};
    try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var serverTls = ca.serverContext().getSocketFactory();
      var writer =
          serve(
              server,
              socket -> {
                byte[] asked = socket.getInputStream().readNBytes(request.length);
                assertThat(asked).isEqualTo(request);
                socket.getOutputStream().write('S');
                try (var tls =
                    (SSLSocket)
                        serverTls.createSocket(
                            socket, socket.getInetAddress().getHostAddress(), 0, false)) {
                  tls.setUseClientMode(false);
                  tls.getOutputStream().write(sent);
                }
              });
      try (Socket plain =
          new PgSocketFactory().createSocket(server.getInetAddress(), server.getLocalPort())) {
        plain.getOutputStream().write(request);
        assertThat(plain.getInputStream().read()).isEqualTo('S');
        try (var tls =
            (SSLSocket)
                trusting(ca.caPem())
                    .getSocketFactory()
                    .createSocket(plain, "127.0.0.1", server.getLocalPort(), true)) {
          tls.startHandshake();
          assertThat(tls.getInputStream().readAllBytes()).isEqualTo(sent);
        }
      }
      writer.join();
    }
  }

  /** A client TLS context that trusts the certificate in {@code pem}. */
  private static SSLContext trusting(Path pem) throws Exception {
    var trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (var in = Files.newInputStream(pem)) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    var context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  /** A factory named in a URL: pgjdbc makes it by its public no-argument constructor. */
  public static final class Counting extends SocketFactory {
    static final AtomicInteger created = new AtomicInteger();

    @Override
    public Socket createSocket() {
      created.incrementAndGet();
      return new Socket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      throw new IOException("pgjdbc connects the socket itself");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      throw new IOException("pgjdbc connects the socket itself");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      throw new IOException("pgjdbc connects the socket itself");
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      throw new IOException("pgjdbc connects the socket itself");
    }
  }
}
