package dev.sluice.s3;

import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.Sink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Streams an export into one S3 object through a multipart upload, in bounded memory, on the AWS
 * SDK for Java v2. Where the object is and how to reach the store is an {@link S3Location};
 * credentials, region and endpoint come from the SDK's standard chain and environment ({@code
 * AWS_PROFILE}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_REGION}, {@code AWS_ENDPOINT_URL_S3}, {@code
 * AWS_ENDPOINT_URL}, ...) unless its {@link S3Settings} set them.
 *
 * <pre>{@code
 * Sink sink = S3Sink.builder(S3Location.parse("s3://exports/orders.ndjson.gz")).build();
 * }</pre>
 *
 * <p>The length of the stream is unknown when it starts, so the object is uploaded in parts as they
 * fill: CreateMultipartUpload is sent as soon as {@link #write} starts (so a missing bucket or
 * wrong credentials stop the producer before a part is read), UploadPart for each filled part,
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
 * such files exist at once, one uploading while the next fills), so memory stays at the budget plus
 * one 256 KiB copy buffer and the HTTP client's socket buffers. With the defaults that is 4 x 8 MiB
 * = 32 MiB while parts are 8 MiB, and 256 MiB from 64 MiB parts on (past 59.5 GiB). The receipt's
 * {@code bufferPeak} reports the most part-buffer bytes held at once.
 *
 * <h2>Integrity and retries</h2>
 *
 * <p>Every part carries a checksum that the store verifies, chosen by {@link ChecksumMode}: by
 * default the SDK's own (CRC32 in an aws-chunked trailer); against a custom endpoint that refuses
 * it on the first data request, a Content-MD5 instead, for that part and every later one. A failed
 * request is retried from the part's buffered bytes with exponential backoff, {@code retries} times
 * (2 by default); only that part is sent again, never the stream. Client errors (403, 404) are not
 * retried, and their message names the setting that fixes them. The {@link S3Receipt} holds the
 * object's ETag (as the store returned it, whatever its shape), its parts and part sizes, and the
 * checksum the parts carried.
 *
 * <h2>On failure</h2>
 *
 * <p>If the stream fails (the query failed, the export was cancelled), the calling thread is
 * interrupted, a part fails after its retries, or CompleteMultipartUpload fails, the sink stops the
 * uploads in flight and sends AbortMultipartUpload: no object appears and no parts stay stored. An
 * upload that fails in the background interrupts the caller's blocked read of the stream, so {@link
 * #write} throws at once and the producer is stopped through the pipe rather than at the end of the
 * data. If the abort itself fails, the exception's message names the bucket, key and uploadId, so
 * the parts can be removed by hand or by a lifecycle rule (which also removes the parts of a
 * process killed before it could abort). A stream shorter than one part never leaves anything: its
 * PutObject either happens whole or not at all.
 */
public final class S3Sink implements Sink {
  static final long MIN_PART_SIZE = 5L << 20;
  static final long DEFAULT_PART_SIZE = 8L << 20;
  static final long DEFAULT_MAX_OBJECT_SIZE = 5L << 40;
  static final long DEFAULT_MAX_MEMORY = 256L << 20;

  private final S3Location location;
  private final PartSchedule schedule;
  private final long maxMemory;
  private final int parallelism;
  private final Attempts attempts;
  private final Path tempDir;

  /** True once an upload here fell back to Content-MD5, so siblings start with it. */
  private volatile boolean refusedChecksums;

  private S3Sink(Builder b) {
    this.location = b.location;
    long first = PartSchedule.firstPartSize(b.partSize, b.sizeHint);
    this.schedule = PartSchedule.of(first, b.maxObjectSize);
    this.maxMemory = b.maxMemory;
    this.parallelism = b.parallelism;
    this.attempts = new Attempts(location.settings().retries() + 1, location.settings().backoff());
    this.tempDir = b.tempDir;
  }

  /** A builder for the sink that uploads to {@code location}. */
  public static Builder builder(S3Location location) {
    return new Builder(Objects.requireNonNull(location, "location"));
  }

  /** The object this sink writes, and how it reaches the store. */
  public S3Location location() {
    return location;
  }

  @Override
  public String destination() {
    return location.uri();
  }

  /** Checks the bucket name, so a typo fails before the query runs: {@link S3Location#check}. */
  @Override
  public void check() throws IOException {
    location.check();
  }

  /**
   * The object whose key is this key plus {@code suffix}, uploaded with the same settings; a small
   * object there is one PutObject, published whole or not at all, replacing an earlier one.
   */
  @Override
  public Optional<Sink> sibling(String suffix) {
    var sibling = location.sibling(suffix);
    if (refusedChecksums) {
      // The store refused the SDK's checksums here already: no need to ask again.
      sibling = sibling.with(sibling.settings().withChecksum(ChecksumMode.OFF));
    }
    return Optional.of(new Builder(sibling).build());
  }

  /**
   * Uploads {@code data} to the object and returns when the store has published it.
   *
   * @throws IOException if {@code data} failed, the thread was interrupted, or the store refused a
   *     request after its retries; the upload was then aborted. If CompleteMultipartUpload failed
   *     on the network it is possible that the store published the object before the failure.
   */
  @Override
  public S3Receipt write(InputStream data, ContentType contentType) throws IOException {
    Objects.requireNonNull(contentType, "contentType");
    try (var integrity = new Integrity(location.settings(), parallelism + 2)) {
      var upload = new Upload(this, contentType, integrity);
      try {
        var receipt = upload.run(data);
        if (receipt.checksumRefusal() != null) {
          refusedChecksums = true;
        }
        return receipt;
      } catch (Throwable e) {
        throw upload.abort(e);
      }
    }
  }

  /**
   * What this sink will do with an export's bytes: its part sizes, how many parts a size takes, and
   * the memory its part buffers hold. Sends nothing.
   */
  public UploadPlan plan() {
    return new UploadPlan(schedule, maxMemory, parallelism);
  }

  PartSchedule schedule() {
    return schedule;
  }

  long maxMemory() {
    return maxMemory;
  }

  int parallelism() {
    return parallelism;
  }

  Attempts attempts() {
    return attempts;
  }

  Path tempDir() {
    return tempDir;
  }

  @Override
  public String toString() {
    return "S3Sink(" + destination() + ", " + schedule + ")";
  }

  /** Configures an {@link S3Sink}'s upload; every setting has a default. */
  public static final class Builder {
    private final S3Location location;
    private long partSize = DEFAULT_PART_SIZE;
    private boolean smallParts;
    private long maxObjectSize = DEFAULT_MAX_OBJECT_SIZE;
    private long sizeHint;
    private long maxMemory = DEFAULT_MAX_MEMORY;
    private int parallelism = 4;
    private Path tempDir = Path.of(System.getProperty("java.io.tmpdir"));

    private Builder(S3Location location) {
      this.location = location;
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

    /** Where parts larger than the memory budget are staged; the JVM's temp dir by default. */
    public Builder tempDir(Path dir) {
      this.tempDir = Objects.requireNonNull(dir, "tempDir");
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
