package dev.sluice.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobApiMetadata;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server in this process, for {@code sluice demo}: S3Proxy on a free loopback
 * port, keeping objects as plain files under a directory ({@code dir/bucket/key}), a temp directory
 * deleted by {@link #close()} unless one to keep was given, with a random access key made for the
 * run. Clients reach it over HTTP like any S3 endpoint.
 *
 * <p>S3Proxy 2.7.0 refuses the AWS SDK's default part checksums (it cuts the connection), which the
 * sink's default checksum mode notices and answers with a Content-MD5 per part; like S3, it refuses
 * parts under 5 MiB. Its {@link #client()} asks for no checksums, for the bucket and for reading
 * back.
 */
final class EmbeddedS3 implements AutoCloseable {
  private final Path dir;
  private final boolean keep;
  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final StaticCredentialsProvider credentials;

  private EmbeddedS3(
      Path dir,
      boolean keep,
      BlobStoreContext context,
      S3Proxy proxy,
      StaticCredentialsProvider credentials) {
    this.dir = dir;
    this.keep = keep;
    this.context = context;
    this.proxy = proxy;
    this.credentials = credentials;
  }

  /** Starts a server on {@code 127.0.0.1} at a free port, its data deleted on close. */
  static EmbeddedS3 start() throws Exception {
    return start(Files.createTempDirectory("sluice-demo-s3-"), false);
  }

  /**
   * Starts a server on {@code 127.0.0.1} at a free port, keeping its data in {@code dir} after
   * close when {@code keep}.
   */
  static EmbeddedS3 start(Path dir, boolean keep) throws Exception {
    var random = new SecureRandom();
    var key = "demo-" + HexFormat.of().formatHex(random.generateSeed(6));
    var secret = HexFormat.of().formatHex(random.generateSeed(20));
    var properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dir.toString());
    var context =
        ContextBuilder.newBuilder(new FilesystemNio2BlobApiMetadata())
            .credentials("unused", "unused")
            .overrides(properties)
            .build(BlobStoreContext.class);
    var proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V4, key, secret)
            .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(10);
    }
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
    return new EmbeddedS3(dir, keep, context, proxy, credentials);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  StaticCredentialsProvider credentials() {
    return credentials;
  }

  /** A client of this server that asks for no checksums; the caller closes it. */
  S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
      context.close();
    } finally {
      if (!keep) {
        delete();
      }
    }
  }

  private void delete() throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
