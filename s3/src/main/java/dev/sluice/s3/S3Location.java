package dev.sluice.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One object in an S3-compatible store, {@code s3://bucket/key}, with the {@link S3Settings} that
 * reach it: what an export writes to ({@link #sink()}), what it stores beside that ({@link
 * #sibling}), and what {@code sluice verify} reads back ({@link #open(String)}), which never needs
 * a sink.
 *
 * <pre>{@code
 * var location = S3Location.parse("s3://exports/orders.ndjson.gz")
 *     .with(S3Settings.DEFAULT.withEndpoint(URI.create("http://127.0.0.1:9000")));
 * Sink sink = location.sink().partSize(16 << 20).build();
 * }</pre>
 *
 * @param bucket the bucket's name
 * @param key the object's key, never empty
 * @param settings how to reach the store
 */
public record S3Location(String bucket, String key, S3Settings settings) {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public S3Location {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(settings, "settings");
    if (bucket.isEmpty() || key.isEmpty()) {
      throw new IllegalArgumentException(
          "s3 URI needs a bucket and a key: s3://" + bucket + "/" + key);
    }
  }

  /**
   * The object {@code s3://bucket/key} with {@link S3Settings#DEFAULT}.
   *
   * @throws IllegalArgumentException if {@code uri} is not {@code s3://bucket/key}
   */
  public static S3Location parse(String uri) {
    Objects.requireNonNull(uri, "uri");
    if (!uri.regionMatches(true, 0, "s3://", 0, 5)) {
      throw new IllegalArgumentException("not an s3://bucket/key URI: " + uri);
    }
    String rest = uri.substring(5);
    int slash = rest.indexOf('/');
    if (slash < 1 || slash == rest.length() - 1) {
      throw new IllegalArgumentException("s3 URI needs a bucket and a key: " + uri);
    }
    return new S3Location(rest.substring(0, slash), rest.substring(slash + 1), S3Settings.DEFAULT);
  }

  /** This object reached with {@code settings}. */
  public S3Location with(S3Settings settings) {
    return new S3Location(bucket, key, settings);
  }

  /** {@code s3://bucket/key}. */
  public String uri() {
    return "s3://" + bucket + "/" + key;
  }

  /** The object whose key is this key plus {@code suffix}, in the same bucket and store. */
  public S3Location sibling(String suffix) {
    if (suffix == null || suffix.isEmpty()) {
      throw new IllegalArgumentException("empty suffix");
    }
    return new S3Location(bucket, key + suffix, settings);
  }

  /**
   * Checks the bucket name follows S3's rules (3 to 63 lower-case letters, digits, dots and
   * hyphens, starting and ending with a letter or digit), so a typo fails before a query runs.
   */
  public void check() throws IOException {
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IOException(
          uri()
              + ": not a valid bucket name: "
              + bucket
              + " (3-63 lower-case letters, digits, dots and hyphens)");
    }
  }

  /** A builder of the sink that uploads to this object. */
  public S3Sink.Builder sink() {
    return S3Sink.builder(this);
  }

  /**
   * Opens the object with GetObject; the caller closes the stream, which closes its own client.
   * Reads ask for no SDK checksums: a reader that cares (verify) hashes every byte itself.
   *
   * @throws NoSuchFileException if the object or its bucket does not exist
   * @throws IOException if the store refused the request or could not be reached
   */
  public InputStream open() throws IOException {
    return open("");
  }

  /**
   * Opens the object whose key is this key plus {@code suffix}, this object itself for the empty
   * suffix, as {@link #open()} does.
   */
  public InputStream open(String suffix) throws IOException {
    if (!suffix.isEmpty()) {
      return sibling(suffix).open();
    }
    S3Client s3 = S3Clients.build(settings, PartChecksum.MD5, 2);
    var attempts = new Attempts(settings.retries() + 1, settings.backoff());
    try {
      var object = attempts.run(() -> s3.getObject(b -> b.bucket(bucket).key(key)));
      return new FilterInputStream(object) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          try {
            return super.read(b, off, len);
          } catch (SdkException e) {
            throw new IOException(
                uri() + ": GetObject failed while reading: " + StoreErrors.describe(e), e);
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
    } catch (Attempts.Failed e) {
      s3.close();
      var cause = e.getCause();
      if (cause instanceof NoSuchKeyException) {
        throw new NoSuchFileException(uri(), null, "no such object");
      }
      if (cause instanceof S3Exception x && x.statusCode() == 404) {
        throw new NoSuchFileException(uri(), null, StoreErrors.describe(cause));
      }
      throw new IOException(
          uri()
              + ": GetObject failed"
              + (e.attempts > 1 ? " after " + e.attempts + " attempts" : "")
              + ": "
              + StoreErrors.describe(cause)
              + StoreErrors.hint(cause, null, settings),
          cause);
    } catch (IOException | RuntimeException e) {
      s3.close();
      throw e;
    }
  }

  /**
   * Deletes the object; nothing happens if there is none.
   *
   * @throws IOException if the store refused the request or could not be reached
   */
  public void delete() throws IOException {
    try (S3Client s3 = S3Clients.build(settings, PartChecksum.MD5, 2)) {
      new Attempts(settings.retries() + 1, settings.backoff())
          .run(() -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    } catch (Attempts.Failed e) {
      throw new IOException(
          uri() + ": DeleteObject failed: " + StoreErrors.describe(e.getCause()), e.getCause());
    }
  }

  @Override
  public String toString() {
    return uri();
  }
}
