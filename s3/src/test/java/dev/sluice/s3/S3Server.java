package dev.sluice.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobApiMetadata;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A real S3-compatible server for tests: S3Proxy on a free loopback port, storing objects in a
 * temp directory, with a fixed access key. Tests reach it only through the AWS SDK over HTTP: the
 * sink under test, and {@link #client()} to check what the server holds.
 */
final class S3Server implements BeforeAllCallback, AfterAllCallback {
  static final String ACCESS_KEY = "sluice-test-access";
  static final String SECRET_KEY = "sluice-test-secret-do-not-print";
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

  private Path dir;
  private S3Proxy proxy;
  private BlobStoreContext context;
  private S3Client client;

  @Override
  public void beforeAll(ExtensionContext extension) throws Exception {
    dir = Files.createTempDirectory("sluice-s3proxy-");
    var properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dir.toString());
    context = ContextBuilder.newBuilder(new FilesystemNio2BlobApiMetadata())
        .credentials("unused", "unused")
        .overrides(properties)
        .build(BlobStoreContext.class);
    proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(10);
    }
    client = S3Client.builder()
        .endpointOverride(endpoint())
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  @Override
  public void afterAll(ExtensionContext extension) throws Exception {
    client.close();
    proxy.stop();
    context.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  int port() {
    return proxy.getPort();
  }

  /** A client of the server, to check what it holds. */
  S3Client client() {
    return client;
  }

  /** Creates a bucket named after the test, so tests never see each other's uploads. */
  String bucket(String name) {
    client.createBucket(b -> b.bucket(name));
    return name;
  }

  /**
   * A sink builder for {@code s3://bucket/key} on this server. Checksums are off: S3Proxy 2.7.0
   * answers the SDK's CRC32C header with 501 NotImplemented and cannot decode its trailer.
   */
  S3Sink.Builder sink(String bucket, String key) {
    return S3Sink.builder("s3://" + bucket + "/" + key)
        .checksum(false)
        .endpoint(endpoint())
        .credentials(CREDENTIALS)
        .region("us-east-1");
  }

  byte[] get(String bucket, String key) {
    return client.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes())
        .asByteArray();
  }

  String sha256(String bucket, String key) {
    try (InputStream in = client.getObject(b -> b.bucket(bucket).key(key))) {
      return sha256(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(InputStream in) throws IOException {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      var buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  boolean exists(String bucket, String key) {
    try {
      client.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  List<MultipartUpload> uploads(String bucket) {
    return client.listMultipartUploads(b -> b.bucket(bucket)).uploads();
  }
}
