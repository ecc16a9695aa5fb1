package dev.sluice.core.sink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throwaway CA, a server certificate for 127.0.0.1 and localhost signed by it, and a second,
 * unrelated CA, made with the JDK's keytool at test time, so no key material lives in the
 * repository.
 */
public final class TestCa {
  private static final String PASSWORD = "test-only";

  private final Path store;
  private final Path caPem;
  private final Path otherCaPem;

  private TestCa(Path store, Path caPem, Path otherCaPem) {
    this.store = store;
    this.caPem = caPem;
    this.otherCaPem = otherCaPem;
  }

  /** Creates the certificates under {@code dir}. */
  public static TestCa create(Path dir) throws IOException, GeneralSecurityException {
    var store = dir.resolve("test-ca.p12");
    keytool(store, "-alias", "ca", "-dname", "CN=Sluice Test CA", "-ext", "bc:c");
    keytool(
        store,
        "-alias",
        "server",
        "-dname",
        "CN=localhost",
        "-ext",
        "san=ip:127.0.0.1,dns:localhost",
        "-signer",
        "ca");
    keytool(store, "-alias", "other", "-dname", "CN=Some Other CA", "-ext", "bc:c");
    var keys = load(store);
    return new TestCa(
        store,
        pem(keys, "ca", dir.resolve("ca.pem")),
        pem(keys, "other", dir.resolve("other-ca.pem")));
  }

  /** The CA certificate that signed the server's, PEM. */
  public Path caPem() {
    return caPem;
  }

  /** A CA certificate that has nothing to do with the server's, PEM. */
  public Path otherCaPem() {
    return otherCaPem;
  }

  /** A server-side TLS context presenting the signed certificate and its chain. */
  public SSLContext serverContext() throws IOException, GeneralSecurityException {
    var all = load(store);
    // Only the server's entry, so the key manager cannot pick one of the CAs' keys.
    var server = KeyStore.getInstance("PKCS12");
    server.load(null, null);
    server.setKeyEntry(
        "server",
        (PrivateKey) all.getKey("server", PASSWORD.toCharArray()),
        PASSWORD.toCharArray(),
        all.getCertificateChain("server"));
    var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(server, PASSWORD.toCharArray());
    var context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  /**
   * Writes the server's certificate chain and its private key (PKCS #8, unencrypted) as PEM files,
   * for a server that reads them, such as PostgreSQL's {@code ssl_cert_file} and {@code
   * ssl_key_file}.
   */
  public void writeServerPem(Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    var all = load(store);
    var mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    var chain = new StringBuilder();
    for (var cert : all.getCertificateChain("server")) {
      chain.append("-----BEGIN CERTIFICATE-----\n");
      chain.append(mime.encodeToString(cert.getEncoded()));
      chain.append("\n-----END CERTIFICATE-----\n");
    }
    Files.writeString(certFile, chain);
    var key = (PrivateKey) all.getKey("server", PASSWORD.toCharArray());
    Files.writeString(
        keyFile,
        "-----BEGIN PRIVATE KEY-----\n"
            + mime.encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
  }

  private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
    var keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(path)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    return keys;
  }

  private static Path pem(KeyStore keys, String alias, Path file)
      throws IOException, GeneralSecurityException {
    var der = keys.getCertificate(alias).getEncoded();
    var body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return Files.writeString(
        file, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
  }

  /** Generates an EC key pair and certificate in {@code store}, valid for two days. */
  private static void keytool(Path store, String... args) throws IOException {
    var command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                // keytool is started three times; a JVM that skips the optimising compiler starts
                // faster.
                "-J-XX:TieredStopAtLevel=1",
                "-J-XX:+UseSerialGC",
                "-genkeypair",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD));
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException("keytool " + String.join(" ", args) + " failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool ran", e);
    }
  }
}
