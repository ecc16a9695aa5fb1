package dev.sluice.s3;

import dev.sluice.core.sink.ContentType;
import dev.sluice.core.text.ByteSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One {@link S3Sink#write}: the caller's thread reads the stream into parts ({@link PartFlow}), a
 * virtual thread per part uploads it ({@link PartThreads}) once the upload id is known ({@link
 * UploadIdLatch}), and the caller completes or aborts. See {@link S3Sink} for the contract.
 */
final class Upload {
  private final S3Sink sink;
  private final S3Location location;
  private final String destination;
  private final ContentType type;
  private final Requests requests;
  private final Integrity integrity;
  private final FirstFailure failure = new FirstFailure();
  private final PartFlow flow;
  private final PartThreads threads = new PartThreads();
  private final UploadIdLatch uploadId = new UploadIdLatch(failure);
  private final List<Long> partSizes = new ArrayList<>();
  // Guarded by failure.lock.
  private final TreeMap<Integer, CompletedPart> completed = new TreeMap<>();
  private long bytesSent;

  Upload(S3Sink sink, ContentType type, Integrity integrity) {
    this.sink = sink;
    this.location = sink.location();
    this.destination = location.uri();
    this.type = type;
    this.requests = new Requests(location, type);
    this.integrity = integrity;
    this.flow = new PartFlow(failure, sink.maxMemory(), sink.parallelism(), sink.tempDir());
  }

  S3Receipt run(InputStream data) throws IOException {
    uploadId.start(this::create);
    long total = 0;
    int next = -1;
    for (int number = 1; ; number++) {
      long size = sink.schedule().partSize(number);
      Part part = flow.take(size);
      int first = next;
      next = failure.read(data, in -> fill(in, part, first, size));
      total += part.size;
      partSizes.add(part.size);
      if (number == 1 && part.endOfStream) {
        return putObject(part, total);
      }
      flow.submitted(part);
      int n = number;
      threads.start(number, () -> uploadPart(n, part));
      if (part.endOfStream) {
        return complete(total);
      }
      if (number == PartSchedule.MAX_PARTS) {
        throw new IOException(
            destination
                + ": the stream is longer than 10,000 parts hold ("
                + ByteSize.format(sink.schedule().capacity(number))
                + "); raise the max object size");
      }
    }
  }

  /**
   * Fills {@code part}, then reads one byte ahead to learn whether the part is the last. Returns
   * that byte, or -1 at the end of the stream.
   */
  private static int fill(InputStream data, Part part, int first, long size) throws IOException {
    part.fill(data, first, size);
    if (part.endOfStream) {
      return -1;
    }
    int next = data.read();
    part.endOfStream = next < 0;
    return next;
  }

  private String create() {
    // With checksums on, the create names the algorithm, which a store may refuse too.
    var checksum = integrity.current() == PartChecksum.CRC32C ? PartChecksum.CRC32C : null;
    try {
      return sink.attempts()
          .run(() -> integrity.client().createMultipartUpload(requests.create()))
          .uploadId();
    } catch (Attempts.Failed e) {
      failure.fail(failure("CreateMultipartUpload", e.attempts, e.getCause(), checksum));
    } catch (InterruptedIOException e) {
      // Cancelled by abort(): it reports the cause.
    } catch (RuntimeException e) {
      failure.fail(failure("CreateMultipartUpload", 1, e, checksum));
    }
    return null;
  }

  private void uploadPart(int number, Part part) {
    try {
      String id = uploadId.await();
      if (id == null) {
        return;
      }
      var response =
          integrity.send(
              sink.attempts(),
              (s3, checksum) ->
                  s3.uploadPart(
                      requests.part(id, number, part, checksum), part.body(type.mediaType())),
              failure::failed);
      failure.lock.lock();
      try {
        completed.put(number, requests.completed(number, response));
        bytesSent += part.size;
      } finally {
        failure.lock.unlock();
      }
    } catch (Attempts.Failed e) {
      failure.fail(failure("UploadPart " + number, e.attempts, e.getCause(), integrity.current()));
    } catch (InterruptedIOException e) {
      // Cancelled by abort(): it reports the cause.
    } catch (RuntimeException e) {
      failure.fail(failure("UploadPart " + number, 1, e, integrity.current()));
    } finally {
      flow.done(part);
    }
  }

  private S3Receipt putObject(Part part, long total) throws IOException {
    // The upload begun for a longer stream is not needed: abort it first, since some stores
    // (S3Mock) delete the object of that key with it, or name it in the receipt if that fails.
    String begun = uploadId.join();
    String unused = null;
    if (begun != null) {
      try {
        sink.attempts().run(() -> integrity.client().abortMultipartUpload(requests.abort(begun)));
      } catch (Attempts.Failed e) {
        unused = begun;
      }
    }
    String etag;
    try {
      etag =
          integrity
              .send(
                  sink.attempts(),
                  (s3, checksum) ->
                      s3.putObject(requests.put(part, checksum), part.body(type.mediaType())),
                  () -> false)
              .eTag();
    } catch (Attempts.Failed e) {
      throw failure("PutObject", e.attempts, e.getCause(), integrity.current());
    } finally {
      flow.drop();
    }
    return receipt(etag, 1, total, unused);
  }

  private S3Receipt complete(long total) throws IOException {
    String id;
    List<CompletedPart> done;
    failure.lock.lock();
    try {
      flow.awaitIdle();
      failure.throwIfFailed();
      id = uploadId.now();
      done = List.copyOf(completed.values());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } finally {
      failure.lock.unlock();
    }
    try {
      var response =
          sink.attempts()
              .run(() -> integrity.client().completeMultipartUpload(requests.complete(id, done)));
      return receipt(response.eTag(), done.size(), total, null);
    } catch (Attempts.Failed e) {
      throw failure("CompleteMultipartUpload", e.attempts, e.getCause(), null);
    }
  }

  /**
   * Stops every part in flight, aborts the multipart upload, and returns the exception the write
   * throws for {@code cause}: {@code cause} itself when the abort succeeded, or one naming the
   * bucket, key and uploadId when the abort failed too.
   */
  IOException abort(Throwable cause) {
    IOException primary =
        cause instanceof IOException io ? io : new IOException(destination + ": " + cause, cause);
    failure.failOrFirst(primary);
    flow.drop();
    // The abort must run even when the caller was interrupted; the flag is restored after.
    boolean interrupted = Thread.interrupted();
    try {
      failure.lock.lock();
      try {
        flow.awaitNoneInFlight(PartThreads.GRACE.toNanos());
      } catch (InterruptedException e) {
        interrupted = true;
      } finally {
        failure.lock.unlock();
      }
      threads.stop();
      String id = uploadId.join();
      if (id == null) {
        return primary;
      }
      try {
        sink.attempts().run(() -> integrity.client().abortMultipartUpload(requests.abort(id)));
        return primary;
      } catch (Attempts.Failed | InterruptedIOException e) {
        if (e.getCause() instanceof AwsServiceException s && s.statusCode() == 404) {
          return primary;
        }
        var failed =
            new IOException(
                primary.getMessage()
                    + "; AbortMultipartUpload failed too, so"
                    + " parts may stay stored (bucket="
                    + location.bucket()
                    + ", key="
                    + location.key()
                    + ", uploadId="
                    + id
                    + "; a lifecycle rule that aborts incomplete multipart uploads"
                    + " removes them): "
                    + StoreErrors.describe(e.getCause() != null ? e.getCause() : e),
                primary);
        failed.addSuppressed(e);
        return failed;
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private IOException failure(String step, int attempts, Throwable cause, PartChecksum checksum) {
    String id = uploadId.now();
    long sent;
    failure.lock.lock();
    try {
      sent = bytesSent;
    } finally {
      failure.lock.unlock();
    }
    var message = new StringBuilder(destination).append(": ").append(step).append(" failed");
    if (attempts > 1) {
      message.append(" after ").append(attempts).append(" attempts");
    }
    message.append(" (");
    if (id != null) {
      message.append("uploadId=").append(id).append(", ");
    }
    message
        .append(ByteSize.format(sent))
        .append(" sent): ")
        .append(StoreErrors.describe(cause))
        .append(StoreErrors.hint(cause, checksum, location.settings()));
    return new IOException(message.toString(), cause);
  }

  private S3Receipt receipt(String etag, int parts, long total, String unused) {
    return new S3Receipt(
        destination,
        total,
        etag,
        parts,
        partSizes,
        integrity.current().label(),
        integrity.refusal(),
        flow.peak(),
        unused);
  }
}
