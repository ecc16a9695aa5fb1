package dev.sluice.s3;

import dev.sluice.core.manifest.Stored;
import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.Receipt;
import dev.sluice.core.sink.Sink;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/**
 * Streams an export into one S3 object through a multipart upload, in bounded memory, on the AWS
 * SDK for Java v2. Credentials, region and endpoint come from the SDK's standard chain and
 * environment ({@code AWS_PROFILE}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_REGION}, {@code
 * AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}, ...) unless the builder sets them.
 *
 * <pre>{@code
 * Sink sink = S3Sink.builder("s3://exports/orders.ndjson.gz").build();
 * }</pre>
 *
 * <p>The length of the stream is unknown when it starts, so the object is uploaded in parts as
 * they fill: CreateMultipartUpload is sent as soon as {@link #write} starts (so a missing bucket
 * or wrong credentials stop the producer before a part is read), UploadPart for each filled part,
 * CompleteMultipartUpload at the end of the stream. A stream shorter than one part, the empty one
 * included, becomes a single PutObject and the unused upload is aborted. Parts start at 8 MiB and
 * grow on the {@link PartSchedule} so that 10,000 parts hold the largest object (5 TiB), however
 * long the stream; a size hint picks a larger first part.
 *
 * <h2>Memory</h2>
 *
 * <p>Part buffers come from a pool and are reused. The bytes of all part buffers, the one being
 * filled and the ones being uploaded, never exceed {@code maxMemory} (256 MiB by default): there
 * are at most {@code min(parallelism, maxMemory / partSize)} of them, so at most {@code
 * parallelism} parts (4) upload at once, fewer as parts grow, down to one part at a time with the
 * next one waiting. A part larger than the budget is staged in a temp file instead (at most two
 * such files exist at once, one uploading while the next fills), so memory stays at the budget
 * plus one 256 KiB copy buffer and the HTTP client's socket buffers. With the defaults that is
 * 4 x 8 MiB = 32 MiB while parts are 8 MiB, and 256 MiB from 64 MiB parts on (past 59.5
 * GiB). The
 * receipt's {@code bufferPeak} detail reports the most part-buffer bytes held at once.
 *
 * <h2>Integrity and retries</h2>
 *
 * <p>Every part carries a checksum that S3 verifies: by default the SDK's own (CRC32, unless
 * {@code AWS_REQUEST_CHECKSUM_CALCULATION=when_required} or the profile turns it off), with {@code
 * checksum(true)} a CRC32C on every part and in the completed object, with {@code checksum(false)}
 * none, for stores that reject checksums (S3Proxy 2.7.0 answers 501). A failed request is
 * retried from the part's buffered bytes with exponential backoff, {@code retries} times (2 by
 * default); only that part is sent again, never the stream. Client errors (403, 404) are not
 * retried. The receipt holds the object's {@code etag}, {@code parts},
 * {@code partSizes} (run-length, {@code size x count}) and {@code checksum}.
 *
 * <p>Its {@linkplain #sibling sibling} is a sink for the object {@code key} plus the suffix in the
 * same bucket, with the same settings; a small document becomes one PutObject.
 *
 * <h2>On failure</h2>
 *
 * <p>If the stream fails (the query failed, the export was cancelled), the calling thread is
 * interrupted, a part fails after its retries, or CompleteMultipartUpload fails, the sink stops the
 * uploads in flight and sends AbortMultipartUpload: no object appears and no parts stay stored.
 * An upload that fails in the background interrupts the caller's blocked read of the stream, so
 * {@link #write} throws at once and the producer is stopped through the pipe rather than at the
 * end of the data. If the abort itself fails, the exception's message names the bucket, key and
 * uploadId, so the parts can be removed by hand or by a lifecycle rule. A stream shorter than one
 * part never leaves anything: its PutObject either happens whole or not at all.
 */
public final class S3Sink implements Sink {
  static final long MIN_PART_SIZE = 5L << 20;
  static final long DEFAULT_PART_SIZE = 8L << 20;
  static final long DEFAULT_MAX_OBJECT_SIZE = 5L << 40;
  static final long DEFAULT_MAX_MEMORY = 256L << 20;
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  final String bucket;
  final String key;
  final PartSchedule schedule;
  final long maxMemory;
  final int parallelism;
  /** CRC32C when asked for explicitly, else null. */
  final ChecksumAlgorithm checksum;
  /** The explicit checksum switch, or null to follow the SDK's configuration. */
  final Boolean checksumSwitch;
  final Attempts attempts;
  final Path tempDir;
  private final URI endpoint;
  private final Boolean pathStyle;
  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final Duration attemptTimeout;

  private S3Sink(Builder b) {
    this.bucket = b.bucket;
    this.key = b.key;
    long first = PartSchedule.firstPartSize(b.partSize, b.sizeHint);
    this.schedule = PartSchedule.of(first, b.maxObjectSize);
    this.maxMemory = b.maxMemory;
    this.parallelism = b.parallelism;
    this.checksum = Boolean.TRUE.equals(b.checksum) ? ChecksumAlgorithm.CRC32_C : null;
    this.checksumSwitch = b.checksum;
    this.attempts = new Attempts(b.retries + 1, b.backoff);
    this.tempDir = b.tempDir;
    this.endpoint = b.endpoint;
    this.pathStyle = b.pathStyle;
    this.region = b.region;
    this.credentials = b.credentials;
    this.attemptTimeout = b.attemptTimeout;
  }

  /** A sink for the object {@code key} in this sink's bucket, with this sink's settings. */
  private S3Sink(S3Sink other, String key) {
    this.bucket = other.bucket;
    this.key = key;
    this.schedule = other.schedule;
    this.maxMemory = other.maxMemory;
    this.parallelism = other.parallelism;
    this.checksum = other.checksum;
    this.checksumSwitch = other.checksumSwitch;
    this.attempts = other.attempts;
    this.tempDir = other.tempDir;
    this.endpoint = other.endpoint;
    this.pathStyle = other.pathStyle;
    this.region = other.region;
    this.credentials = other.credentials;
    this.attemptTimeout = other.attemptTimeout;
  }

  /** A builder for the object at {@code s3://bucket/key}. */
  public static Builder builder(String uri) {
    return new Builder(uri);
  }

  @Override
  public String destination() {
    return "s3://" + bucket + "/" + key;
  }

  /**
   * Checks the bucket name follows S3's rules (3 to 63 lower-case letters, digits, dots and
   * hyphens, starting and ending with a letter or digit), so a typo fails before the query runs.
   */
  @Override
  public void check() throws IOException {
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IOException(destination() + ": not a valid bucket name: " + bucket
          + " (3-63 lower-case letters, digits, dots and hyphens)");
    }
  }

  /**
   * Uploads {@code data} to the object and returns when S3 has published it.
   *
   * @throws IOException if {@code data} failed, the thread was interrupted, or S3 refused a
   *     request after its retries; the upload was then aborted. If CompleteMultipartUpload failed
   *     on the network it is possible that S3 published the object before the failure.
   */
  @Override
  public Receipt write(InputStream data, ContentType contentType) throws IOException {
    Objects.requireNonNull(contentType, "contentType");
    try (S3Client s3 = client()) {
      var upload = new Upload(this, s3, contentType);
      try {
        return upload.run(data);
      } catch (Throwable e) {
        throw upload.abort(e);
      }
    }
  }

  @Override
  public Optional<Sink> sibling(String suffix) {
    return Optional.of(new S3Sink(this, key + suffix));
  }

  /**
   * The object this sink writes and the manifest beside it, read back as streams with the same
   * endpoint, region and credentials, for {@code sluice verify}.
   */
  public Stored stored() {
    return new S3Stored(this);
  }

  S3Client client() {
    var b = S3Client.builder()
        .httpClientBuilder(Apache5HttpClient.builder()
            .maxConnections(parallelism + 2)
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60)))
        .overrideConfiguration(c -> {
          // Attempts retries each request itself, so its messages count every attempt.
          c.retryStrategy(AwsRetryStrategy.doNotRetry());
          if (attemptTimeout != null) {
            c.apiCallAttemptTimeout(attemptTimeout);
          }
        });
    if (checksumSwitch != null) {
      b.requestChecksumCalculation(checksumSwitch
          ? RequestChecksumCalculation.WHEN_SUPPORTED
          : RequestChecksumCalculation.WHEN_REQUIRED);
      b.responseChecksumValidation(checksumSwitch
          ? ResponseChecksumValidation.WHEN_SUPPORTED
          : ResponseChecksumValidation.WHEN_REQUIRED);
    }
    if (credentials != null) {
      b.credentialsProvider(credentials);
    }
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    URI effective = endpoint != null ? endpoint : environmentEndpoint();
    b.forcePathStyle(pathStyle != null ? pathStyle : effective != null && isLocal(effective));
    Region r = region != null ? region : chainRegion();
    if (r == null) {
      // S3-compatible stores ignore the region; on AWS, follow the bucket to its region.
      b.region(Region.US_EAST_1).crossRegionAccessEnabled(effective == null);
    } else {
      b.region(r);
    }
    return b.build();
  }

  private static Region chainRegion() {
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      return null;
    }
  }

  /** The endpoint the SDK takes from the environment, only to choose the addressing style. */
  private static URI environmentEndpoint() {
    for (String v : new String[] {
        System.getProperty("aws.endpointUrlS3"), System.getenv("AWS_ENDPOINT_URL_S3"),
        System.getProperty("aws.endpointUrl"), System.getenv("AWS_ENDPOINT_URL")}) {
      if (v != null && !v.isBlank()) {
        try {
          return URI.create(v.trim());
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** Buckets cannot be host names under an IP address or localhost: use path-style there. */
  private static boolean isLocal(URI endpoint) {
    String host = endpoint.getHost();
    if (host == null) {
      return false;
    }
    return host.equalsIgnoreCase("localhost")
        || host.startsWith("[")
        || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
  }

  @Override
  public String toString() {
    return "S3Sink(" + destination() + ", " + schedule + ")";
  }

  /** Configures an {@link S3Sink}; every setting has a default. */
  public static final class Builder {
    private final String bucket;
    private final String key;
    private long partSize = DEFAULT_PART_SIZE;
    private boolean smallParts;
    private long maxObjectSize = DEFAULT_MAX_OBJECT_SIZE;
    private long sizeHint;
    private long maxMemory = DEFAULT_MAX_MEMORY;
    private int parallelism = 4;
    private Boolean checksum;
    private int retries = 2;
    private Duration backoff = Duration.ofMillis(200);
    private Duration attemptTimeout;
    private Path tempDir = Path.of(System.getProperty("java.io.tmpdir"));
    private URI endpoint;
    private Boolean pathStyle;
    private Region region;
    private AwsCredentialsProvider credentials;

    private Builder(String uri) {
      Objects.requireNonNull(uri, "uri");
      if (!uri.regionMatches(true, 0, "s3://", 0, 5)) {
        throw new IllegalArgumentException("not an s3://bucket/key URI: " + uri);
      }
      String rest = uri.substring(5);
      int slash = rest.indexOf('/');
      if (slash < 1 || slash == rest.length() - 1) {
        throw new IllegalArgumentException("s3 URI needs a bucket and a key: " + uri);
      }
      this.bucket = rest.substring(0, slash);
      this.key = rest.substring(slash + 1);
    }

    /** The first part's size, at least 5 MiB (S3's minimum); 8 MiB by default. */
    public Builder partSize(long bytes) {
      this.partSize = bytes;
      return this;
    }

    /**
     * Lets {@link #partSize} go below S3's 5 MiB minimum. For tests only: S3 and S3Proxy refuse to
     * complete an upload with a smaller part, but failure tests that abort run faster with them.
     */
    Builder allowSmallParts() {
      this.smallParts = true;
      return this;
    }

    /** The largest object the part schedule must reach within 10,000 parts; 5 TiB by default. */
    public Builder maxObjectSize(long bytes) {
      this.maxObjectSize = bytes;
      return this;
    }

    /** The expected size of the object, to start with larger parts; 0 (none) by default. */
    public Builder sizeHint(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("sizeHint < 0: " + bytes);
      }
      this.sizeHint = bytes;
      return this;
    }

    /** The most bytes all part buffers may hold at once; 256 MiB by default. */
    public Builder maxMemory(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxMemory < 1: " + bytes);
      }
      this.maxMemory = bytes;
      return this;
    }

    /** The most parts uploaded at once; 4 by default. */
    public Builder parallelism(int parts) {
      if (parts < 1) {
        throw new IllegalArgumentException("parallelism < 1: " + parts);
      }
      this.parallelism = parts;
      return this;
    }

    /**
     * CRC32C on every part (true) or no checksum at all (false); by default the SDK's own choice,
     * which {@code AWS_REQUEST_CHECKSUM_CALCULATION} and the profile can change.
     */
    public Builder checksum(boolean on) {
      this.checksum = on;
      return this;
    }

    /** How many times a failed request is sent again; 2 by default (3 attempts). */
    public Builder retries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("retries < 0: " + retries);
      }
      this.retries = retries;
      return this;
    }

    /** The first retry's backoff; each further retry waits about twice as long. */
    public Builder backoff(Duration backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** How long one attempt of one request may take before it is retried; none by default. */
    public Builder attemptTimeout(Duration timeout) {
      this.attemptTimeout = timeout;
      return this;
    }

    /** Where parts larger than the memory budget are staged; the JVM's temp dir by default. */
    public Builder tempDir(Path dir) {
      this.tempDir = Objects.requireNonNull(dir, "tempDir");
      return this;
    }

    /** An S3-compatible endpoint, such as {@code http://127.0.0.1:9000}; the SDK's by default. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Whether buckets go in the path rather than the host name. By default only for endpoints on
     * an IP address or localhost, where host-style addressing cannot work.
     */
    public Builder pathStyle(boolean on) {
      this.pathStyle = on;
      return this;
    }

    /** The region; the SDK's region chain by default, else us-east-1. */
    public Builder region(String region) {
      this.region = region == null ? null : Region.of(region.toLowerCase(Locale.ROOT));
      return this;
    }

    /** The credentials; the SDK's default credentials chain by default. */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = credentials;
      return this;
    }

    /**
     * Builds the sink.
     *
     * @throws IllegalArgumentException if a size is out of range, naming it and its value.
     */
    public S3Sink build() {
      if (partSize < 1 || (!smallParts && partSize < MIN_PART_SIZE)) {
        throw new IllegalArgumentException("partSize < 5 MiB (S3's minimum): " + partSize);
      }
      if (partSize > PartSchedule.MAX_PART_SIZE) {
        throw new IllegalArgumentException("partSize > 5 GiB (S3's maximum): " + partSize);
      }
      return new S3Sink(this);
    }
  }
}
