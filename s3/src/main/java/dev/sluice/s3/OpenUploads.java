package dev.sluice.s3;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;

/**
 * The multipart uploads still open under a key prefix of one bucket: what a process killed in the
 * middle of an upload leaves (an {@link S3Sink} aborts its own upload on every failure it lives to
 * see, but SIGKILL or a lost node give it no chance). Their parts are stored and billed until the
 * upload is aborted, by {@link #abort} or by a bucket lifecycle rule ({@code
 * AbortIncompleteMultipartUpload}).
 *
 * <pre>{@code
 * var open = new OpenUploads("exports", "orders/part-", settings);
 * open.abort(u -> u.initiated().isBefore(planStarted));
 * }</pre>
 *
 * @param bucket the bucket
 * @param prefix the start of the keys to look at; empty for the whole bucket
 * @param settings how to reach the store
 */
public record OpenUploads(String bucket, String prefix, S3Settings settings) {

  /** One open upload: its key, its id and when the store says it began (null if it does not). */
  public record Upload(String key, String uploadId, Instant initiated) {
    @Override
    public String toString() {
      return key + " (uploadId=" + uploadId + ", initiated " + initiated + ")";
    }
  }

  public OpenUploads {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(settings, "settings");
  }

  /**
   * The uploads open under the prefix now, in the store's order (by key, then by start).
   *
   * @throws IOException if the store refused the listing or could not be reached
   */
  public List<Upload> list() throws IOException {
    try (var s3 = S3Clients.build(settings, PartChecksum.MD5, 2)) {
      return list(s3);
    }
  }

  /**
   * Aborts every upload open under the prefix that {@code which} selects, and returns them. An
   * upload that is gone by the time it is aborted (its process completed or aborted it meanwhile)
   * counts as aborted.
   *
   * @throws IOException if the store refused the listing or an abort, naming the upload
   */
  public List<Upload> abort(Predicate<Upload> which) throws IOException {
    var aborted = new ArrayList<Upload>();
    try (var s3 = S3Clients.build(settings, PartChecksum.MD5, 2)) {
      var attempts = new Attempts(settings.retries() + 1, settings.backoff());
      for (var upload : list(s3)) {
        if (!which.test(upload)) {
          continue;
        }
        try {
          attempts.run(
              () ->
                  s3.abortMultipartUpload(
                      b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())));
        } catch (Attempts.Failed e) {
          if (!(e.getCause() instanceof NoSuchUploadException)) {
            throw new IOException(
                "s3://"
                    + bucket
                    + "/"
                    + upload.key()
                    + ": AbortMultipartUpload failed (uploadId="
                    + upload.uploadId()
                    + "): "
                    + StoreErrors.describe(e.getCause()),
                e.getCause());
          }
        }
        aborted.add(upload);
      }
    }
    return aborted;
  }

  private List<Upload> list(S3Client s3) throws IOException {
    var uploads = new ArrayList<Upload>();
    var attempts = new Attempts(settings.retries() + 1, settings.backoff());
    String keyMarker = null;
    String uploadIdMarker = null;
    while (true) {
      String key = keyMarker;
      String id = uploadIdMarker;
      ListMultipartUploadsResponse page;
      try {
        page =
            attempts.run(
                () ->
                    s3.listMultipartUploads(
                        b -> {
                          b.bucket(bucket);
                          if (!prefix.isEmpty()) {
                            b.prefix(prefix);
                          }
                          if (key != null) {
                            b.keyMarker(key).uploadIdMarker(id);
                          }
                        }));
      } catch (Attempts.Failed e) {
        throw new IOException(
            "s3://"
                + bucket
                + "/"
                + prefix
                + ": ListMultipartUploads failed: "
                + StoreErrors.describe(e.getCause())
                + StoreErrors.hint(e.getCause(), null, settings),
            e.getCause());
      }
      for (var u : page.uploads()) {
        // Some stores ignore the prefix parameter: filter here as well.
        if (u.key().startsWith(prefix)) {
          uploads.add(new Upload(u.key(), u.uploadId(), u.initiated()));
        }
      }
      if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextKeyMarker() == null) {
        return uploads;
      }
      keyMarker = page.nextKeyMarker();
      uploadIdMarker = page.nextUploadIdMarker();
    }
  }
}
