package dev.sluice.s3;

import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.manifest.Stored;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The object an {@link S3Sink} writes and the manifest beside it, read back with GetObject as
 * streams, through a client configured like the sink's (endpoint, region, credentials). Each open
 * stream holds its own client, closed with the stream.
 */
final class S3Stored implements Stored {
  private final S3Sink sink;

  S3Stored(S3Sink sink) {
    this.sink = sink;
  }

  @Override
  public String destination() {
    return sink.destination();
  }

  @Override
  public String manifestDestination() {
    return sink.destination() + Manifest.SUFFIX;
  }

  @Override
  public InputStream openData() throws IOException {
    return open(sink.key);
  }

  @Override
  public InputStream openManifest() throws IOException {
    return open(sink.key + Manifest.SUFFIX);
  }

  private InputStream open(String key) throws IOException {
    var where = "s3://" + sink.bucket + "/" + key;
    S3Client s3 = sink.client();
    try {
      var object = s3.getObject(b -> b.bucket(sink.bucket).key(key));
      return new FilterInputStream(object) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          try {
            return super.read(b, off, len);
          } catch (SdkException e) {
            throw new IOException(where + ": GetObject failed while reading: "
                + Upload.describe(e), e);
          }
        }

        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            s3.close();
          }
        }
      };
    } catch (NoSuchKeyException e) {
      s3.close();
      throw new NoSuchFileException(where, null, "no such object");
    } catch (SdkException e) {
      s3.close();
      if (e instanceof S3Exception s && s.statusCode() == 404) {
        throw new NoSuchFileException(where, null, Upload.describe(e));
      }
      throw new IOException(where + ": GetObject failed: " + Upload.describe(e), e);
    }
  }
}
