package dev.sluice.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
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
 * A real S3-compatible server on loopback that a test talks to only through the AWS SDK over HTTP:
 * the sink under test, and {@link #client()} to check what the server holds. Every store takes the
 * same fixed access key.
 */
public interface Store {
  String ACCESS_KEY = "sluice-test-access";
  String SECRET_KEY = "sluice-test-secret-do-not-print";
  StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

  /** The server and its version, for test names and messages. */
  String name();

  URI endpoint();

  /** A client of the server, to check what it holds; closed with the store. */
  S3Client client();

  /** A client that asks for no checksums, so every store answers it. The caller closes it. */
  static S3Client plainClient(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /** The settings a user of this store gives: its endpoint and key, everything else default. */
  default S3Settings settings() {
    return S3Settings.DEFAULT
        .withEndpoint(endpoint())
        .withCredentials(CREDENTIALS)
        .withRegion("us-east-1");
  }

  default S3Location location(String bucket, String key) {
    return new S3Location(bucket, key, settings());
  }

  /** A sink builder for {@code s3://bucket/key} on this store, with default settings. */
  default S3Sink.Builder sink(String bucket, String key) {
    return location(bucket, key).sink();
  }

  /** A sink builder for {@code s3://bucket/key} on this store, with {@code change}d settings. */
  default S3Sink.Builder sink(String bucket, String key, UnaryOperator<S3Settings> change) {
    return new S3Location(bucket, key, change.apply(settings())).sink();
  }

  /** Creates a bucket named after the test, so tests never see each other's uploads. */
  default String bucket(String name) {
    client().createBucket(b -> b.bucket(name));
    return name;
  }

  default byte[] get(String bucket, String key) {
    return client()
        .getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes())
        .asByteArray();
  }

  default String sha256(String bucket, String key) {
    try (InputStream in = client().getObject(b -> b.bucket(bucket).key(key))) {
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

  default boolean exists(String bucket, String key) {
    try {
      client().headObject(b -> b.bucket(bucket).key(key));
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

  default List<MultipartUpload> uploads(String bucket) {
    return client().listMultipartUploads(b -> b.bucket(bucket)).uploads();
  }
}
