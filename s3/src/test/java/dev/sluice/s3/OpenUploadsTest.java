package dev.sluice.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Open multipart uploads under a prefix are listed with their start, and aborted as selected. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenUploadsTest {
  @RegisterExtension static final S3Server server = new S3Server();

  private String open(String bucket, String key) {
    return server.client().createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
  }

  /** Only the uploads whose keys start with the prefix are listed, each with when it began. */
  @Test
  void listsTheUploadsUnderThePrefix() throws Exception {
    var bucket = server.bucket("open-uploads-list");
    var first = open(bucket, "orders/part-000.ndjson");
    var second = open(bucket, "orders/part-001.ndjson");
    open(bucket, "orders-other/part-000.ndjson");

    var uploads = new OpenUploads(bucket, "orders/part-", server.settings()).list();

    assertThat(uploads)
        .extracting(OpenUploads.Upload::uploadId)
        .containsExactlyInAnyOrder(first, second);
    assertThat(uploads).allSatisfy(u -> assertThat(u.initiated()).isNotNull());
  }

  /** The uploads selected are aborted; the others and other prefixes stay open. */
  @Test
  void abortsOnlyTheUploadsSelected() throws Exception {
    var bucket = server.bucket("open-uploads-abort");
    var stale = open(bucket, "orders/part-002.ndjson");
    var elsewhere = open(bucket, "invoices/part-002.ndjson");
    var other = open(bucket, "orders/part-002.ndjson.tmp");
    var uploads = new OpenUploads(bucket, "orders/", server.settings());

    var aborted = uploads.abort(u -> u.key().matches("orders/part-\\d+\\.ndjson"));

    assertThat(aborted).extracting(OpenUploads.Upload::uploadId).containsExactly(stale);
    assertThat(server.uploads(bucket))
        .extracting(u -> u.uploadId())
        .containsExactlyInAnyOrder(other, elsewhere);
  }

  /** An upload already gone when it is aborted (its process finished it) counts as aborted. */
  @Test
  void anUploadGoneMeanwhileCountsAsAborted() throws Exception {
    var bucket = server.bucket("open-uploads-gone");
    var id = open(bucket, "orders/part-004.ndjson");

    var aborted =
        new OpenUploads(bucket, "orders/", server.settings())
            .abort(
                u -> {
                  server
                      .client()
                      .abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(id));
                  return true;
                });

    assertThat(aborted).extracting(OpenUploads.Upload::uploadId).containsExactly(id);
  }

  /** An empty prefix means the whole bucket; aborting everything leaves nothing open. */
  @Test
  void emptyPrefixCoversTheBucket() throws Exception {
    var bucket = server.bucket("open-uploads-all");
    open(bucket, "a");
    open(bucket, "b/c");

    var aborted = new OpenUploads(bucket, "", server.settings()).abort(u -> true);

    assertThat(aborted).hasSize(2);
    assertThat(server.uploads(bucket)).isEmpty();
  }
}
