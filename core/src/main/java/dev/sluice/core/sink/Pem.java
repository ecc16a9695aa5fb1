package dev.sluice.core.sink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Reads CA certificates from a PEM file into a TLS context that trusts only them. */
final class Pem {
  private Pem() {}

  /**
   * A TLS context trusting exactly the certificates in {@code pem}; host names are still checked.
   *
   * @throws IOException if the file cannot be read or holds no certificate.
   */
  static SSLContext trusting(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      var certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IOException(pem + ": no certificate found (expected PEM)");
      }
      var store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (var certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      var context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (NoSuchFileException e) {
      throw new IOException(pem + ": no such CA certificate file", e);
    } catch (GeneralSecurityException e) {
      throw new IOException(pem + ": not a PEM certificate: " + e.getMessage(), e);
    }
  }
}
