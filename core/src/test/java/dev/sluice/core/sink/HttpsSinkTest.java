package dev.sluice.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link HttpSink} over TLS, against a server whose certificate a test CA signed. */
@Timeout(60)
class HttpsSinkTest {
  private static final ContentType CSV_GZIP = new ContentType(Format.CSV, Compression.GZIP);

  @TempDir static Path dir;
  private static TestCa ca;
  private static RawHttpServer server;

  @BeforeAll
  static void start() throws Exception {
    ca = TestCa.create(dir);
    server = RawHttpServer.startTls(ca.serverContext());
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void caCertificateMakesThePrivateServerTrusted() throws Exception {
    var bytes = HttpSinkTest.random(500_000);
    var sink = HttpSink.builder(server.url("/tls")).caCertificate(ca.caPem()).build();

    var receipt = sink.write(HttpSinkTest.produceInPieces(bytes), CSV_GZIP);

    var request = server.takeRequest();
    assertThat(request.end()).isEqualTo("complete");
    assertThat(request.header("Transfer-Encoding")).contains("chunked");
    assertThat(request.header("Content-Type")).contains("text/csv");
    assertThat(request.header("Content-Encoding")).contains("gzip");
    assertThat(request.body()).isEqualTo(bytes);
    assertThat(receipt.status()).isEqualTo(200);
  }

  @Test
  void untrustedCertificateIsRefused() {
    // The JVM's trust store does not know the test CA.
    var sink = HttpSink.builder(server.url("/tls")).build();

    assertThatThrownBy(() -> sink.write(new ByteArrayInputStream(new byte[10]), CSV_GZIP))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(server.url("/tls") + ": TLS failed:")
        .hasMessageContaining("PKIX");
  }

  @Test
  void anotherCaIsRefused() throws Exception {
    var sink = HttpSink.builder(server.url("/tls")).caCertificate(ca.otherCaPem()).build();

    assertThatThrownBy(() -> sink.write(new ByteArrayInputStream(new byte[10]), CSV_GZIP))
        .hasMessageStartingWith(server.url("/tls") + ": TLS failed:");
  }

  @Test
  void caFileThatIsNotPemFailsWithOneLine(@TempDir Path other) throws Exception {
    var notPem = Files.writeString(other.resolve("ca.pem"), "hello", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> HttpSink.builder(server.url("/")).caCertificate(notPem))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(notPem + ": ");
    assertThatThrownBy(
            () -> HttpSink.builder(server.url("/")).caCertificate(other.resolve("missing.pem")))
        .hasMessage(other.resolve("missing.pem") + ": no such CA certificate file");
  }
}
