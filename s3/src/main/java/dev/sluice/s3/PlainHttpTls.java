package dev.sluice.s3;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The TLS of a client whose endpoint is plain {@code http://}: none until a connection asks for it.
 * The HTTP client otherwise sets up TLS as it is built, reading and parsing the JDK's trust store
 * (about 150 certificates) at every start, for nothing on plain HTTP: about 0.05 CPU-seconds of a
 * 10,000-row export to S3Proxy (0.81-0.89 CPU-s against 0.83-0.96). Should a connection still need
 * TLS, it gets the JDK's default TLS with host name verification, set up then.
 */
final class PlainHttpTls implements TlsSocketStrategy {
  private volatile TlsSocketStrategy tls;

  @Override
  public SSLSocket upgrade(
      Socket socket, String target, int port, Object attachment, HttpContext context)
      throws IOException {
    TlsSocketStrategy t = tls;
    if (t == null) {
      synchronized (this) {
        t = tls;
        if (t == null) {
          t = DefaultClientTlsStrategy.createDefault();
          tls = t;
        }
      }
    }
    return t.upgrade(socket, target, port, attachment, context);
  }
}
