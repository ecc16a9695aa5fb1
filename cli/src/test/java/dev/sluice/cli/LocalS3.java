package dev.sluice.cli;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An {@link EmbeddedS3} for a test class: started before its tests with one bucket, its credentials
 * and a region put where the SDK's chains find them (system properties, as users set {@code
 * AWS_ACCESS_KEY_ID} and {@code AWS_REGION}), and all of it undone after. Without a region the
 * SDK's region chain would ask EC2's metadata service, which costs seconds per client here.
 */
final class LocalS3 implements BeforeAllCallback, AfterAllCallback {
  private final String bucket;
  private EmbeddedS3 s3;
  private S3Client client;

  LocalS3(String bucket) {
    this.bucket = bucket;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    s3 = EmbeddedS3.start();
    client = s3.client();
    var credentials = s3.credentials().resolveCredentials();
    System.setProperty("aws.accessKeyId", credentials.accessKeyId());
    System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
    System.setProperty("aws.region", "us-east-1");
    client.createBucket(b -> b.bucket(bucket));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("aws.region");
    client.close();
    s3.close();
  }

  URI endpoint() {
    return s3.endpoint();
  }

  /** A client of the server, closed after the class. */
  S3Client client() {
    return client;
  }
}
