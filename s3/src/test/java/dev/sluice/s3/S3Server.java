package dev.sluice.s3;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobApiMetadata;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy 2.7.0 in this JVM on a free loopback port, storing objects in a temp directory, for a
 * test class. With default settings a sink's first part to it carries the SDK's CRC32 trailer,
 * which this version refuses by cutting the connection, so uploads to it fall back to Content-MD5.
 */
public final class S3Server implements Store, BeforeAllCallback, AfterAllCallback {
  static final software.amazon.awssdk.auth.credentials.StaticCredentialsProvider CREDENTIALS =
      Store.CREDENTIALS;

  private Path dir;
  private S3Proxy proxy;
  private BlobStoreContext context;
  private S3Client client;

  @Override
  public void beforeAll(ExtensionContext extension) throws Exception {
    dir = Files.createTempDirectory("sluice-s3proxy-");
    var properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dir.toString());
    context =
        ContextBuilder.newBuilder(new FilesystemNio2BlobApiMetadata())
            .credentials("unused", "unused")
            .overrides(properties)
            .build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(10);
    }
    client = Store.plainClient(endpoint());
  }

  @Override
  public void afterAll(ExtensionContext extension) throws Exception {
    client.close();
    proxy.stop();
    context.close();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Override
  public String name() {
    return "S3Proxy 2.7.0";
  }

  @Override
  public String toString() {
    return name();
  }

  @Override
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public int port() {
    return proxy.getPort();
  }

  @Override
  public S3Client client() {
    return client;
  }
}
