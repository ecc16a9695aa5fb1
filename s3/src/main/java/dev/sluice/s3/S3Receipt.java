package dev.sluice.s3;

import dev.sluice.core.sink.Receipt;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an {@link S3Sink} reports after it published an object. Nothing here depends on the shape of
 * the ETag, which stores form differently for a multipart object (S3's quoted {@code md5-N}, an
 * unquoted one, or the MD5 of the whole object): it is kept as the store returned it.
 *
 * @param destination {@code s3://bucket/key}
 * @param bytes the object's size
 * @param etag the ETag the store returned for the object, as it returned it
 * @param parts how many parts the object has (1 for a single PutObject)
 * @param partSizes the size of each part, in order
 * @param checksum the checksum the parts carried: {@code sdk}, {@code CRC32C} or {@code
 *     Content-MD5}
 * @param checksumRefusal why the upload fell back to Content-MD5 (the store's refusal of the SDK's
 *     checksums), or null if it did not
 * @param bufferPeak the most part-buffer bytes held at once
 * @param unusedUploadId the id of a multipart upload begun for a longer stream that could not be
 *     aborted after a single PutObject sufficed, or null
 */
public record S3Receipt(
    String destination,
    long bytes,
    String etag,
    int parts,
    List<Long> partSizes,
    String checksum,
    String checksumRefusal,
    long bufferPeak,
    String unusedUploadId)
    implements Receipt {
  public S3Receipt {
    partSizes = List.copyOf(partSizes);
  }

  /**
   * {@code etag}, {@code parts}, {@code partSizes} (run-length: {@code size x count}, comma
   * separated), {@code checksum}, {@code bufferPeak}, and {@code unusedUploadId} when there is one.
   */
  @Override
  public Map<String, String> details() {
    var details = new LinkedHashMap<String, String>();
    // A store may send no ETag at all; the details still carry the key.
    details.put("etag", etag == null ? "" : etag);
    details.put("parts", Integer.toString(parts));
    details.put("partSizes", Sizes.runs(partSizes));
    details.put("checksum", checksum);
    details.put("bufferPeak", Long.toString(bufferPeak));
    if (unusedUploadId != null) {
      details.put("unusedUploadId", unusedUploadId);
    }
    return details;
  }

  /**
   * One line for the export's summary when the upload had to fall back to Content-MD5, naming the
   * store's refusal; null when it did not.
   */
  public String note() {
    return checksumRefusal == null
        ? null
        : "checksums: Content-MD5 on every part (the store refused the SDK's checksums: "
            + checksumRefusal
            + "; --s3-checksum off skips the first try)";
  }
}
