package dev.sluice.s3;

import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.Receipt;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One {@link S3Sink#write}: the caller's thread reads the stream into parts, a virtual thread per
 * part uploads it, and the caller completes or aborts. See {@link S3Sink} for the contract.
 */
final class Upload {
  /** The largest part kept in a Java array; larger parts are staged on disk. */
  private static final long MAX_ARRAY_PART = 1L << 30;

  /**
   * How long an abort lets the parts in flight end on their own before it interrupts them. A part
   * cut off mid-request may leave debris on some stores (S3Proxy keeps a half-written part file),
   * and S3 itself may store a part that was in progress during the abort.
   */
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final S3Sink sink;
  private final S3Client s3;
  private final ContentType type;
  private final String destination;
  private final Requests requests;
  private final List<Long> partSizes = new ArrayList<>();

  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a part ends, the upload id arrives, or something fails. */
  private final Condition changed = lock.newCondition();

  // Guarded by lock.
  private final BufferPool pool;
  private final TreeMap<Integer, CompletedPart> completed = new TreeMap<>();
  private final Set<Thread> parts = new HashSet<>();
  private Thread creator;
  private String uploadId;
  private IOException failure;
  private int inFlight;
  private int onDisk;
  private long bytesSent;
  /** The caller's thread while it reads the stream, so a failure can interrupt the read. */
  private Thread reader;
  private boolean readerInterrupted;
  /** The part the caller is filling, released if the write fails before it is submitted. */
  private Part filling;

  Upload(S3Sink sink, S3Client s3, ContentType type) {
    this.sink = sink;
    this.s3 = s3;
    this.type = type;
    this.destination = sink.destination();
    this.requests = new Requests(sink, type);
    this.pool = new BufferPool(sink.maxMemory);
  }

  Receipt run(InputStream data) throws IOException {
    startCreate();
    long total = 0;
    int next = -1;
    for (int number = 1; ; number++) {
      long size = sink.schedule.partSize(number);
      Part part = newPart(size);
      next = read(data, part, next, size);
      total += part.size;
      partSizes.add(part.size);
      if (number == 1 && part.endOfStream) {
        return putObject(part, total);
      }
      submit(number, part);
      if (part.endOfStream) {
        return complete(total);
      }
      if (number == PartSchedule.MAX_PARTS) {
        throw new IOException(destination + ": the stream is longer than 10,000 parts hold ("
            + Sizes.format(sink.schedule.capacity(number)) + "); raise the max object size");
      }
    }
  }

  /** Sends CreateMultipartUpload on its own thread, so a bad bucket fails before a part fills. */
  private void startCreate() {
    lock.lock();
    try {
      creator = Thread.ofVirtual().name("sluice-s3-create").start(() -> {
        String id = null;
        try {
          id = sink.attempts.run(() -> s3.createMultipartUpload(requests.create())).uploadId();
        } catch (Attempts.Failed e) {
          fail(failure("CreateMultipartUpload", e.attempts, e.getCause()));
        } catch (InterruptedIOException e) {
          // Cancelled by abort(): it reports the cause.
        } catch (RuntimeException e) {
          fail(failure("CreateMultipartUpload", 1, e));
        } finally {
          lock.lock();
          try {
            uploadId = id;
            changed.signalAll();
          } finally {
            lock.unlock();
          }
        }
      });
    } finally {
      lock.unlock();
    }
  }

  /** Takes a part to fill, waiting while the parts in flight hold the budget or parallelism. */
  private Part newPart(long size) throws IOException {
    boolean inMemory = size <= pool.budget() && size <= MAX_ARRAY_PART;
    lock.lock();
    try {
      while (true) {
        throwIfFailed();
        if (inFlight < sink.parallelism) {
          if (inMemory) {
            byte[] buffer = pool.take((int) size);
            if (buffer != null) {
              return filling = new Part.InMemory(buffer);
            }
          } else if (onDisk == 0) {
            // One staged part uploads while the next fills: two temp files at most.
            break;
          }
        }
        changed.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } finally {
      lock.unlock();
    }
    var part = new Part.OnDisk(Files.createTempFile(sink.tempDir, "sluice-s3-part-", ".tmp"));
    lock.lock();
    try {
      return filling = part;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Fills {@code part} from {@code data}, then reads one byte ahead to learn whether the part is
   * the last. Returns that byte, or -1 at the end of the stream.
   */
  private int read(InputStream data, Part part, int first, long size) throws IOException {
    lock.lock();
    try {
      throwIfFailed();
      reader = Thread.currentThread();
    } finally {
      lock.unlock();
    }
    try {
      part.fill(data, first, size);
      if (part.endOfStream) {
        return -1;
      }
      int next = data.read();
      part.endOfStream = next < 0;
      return next;
    } catch (IOException e) {
      lock.lock();
      try {
        // Interrupted by fail(): the failure is the news, not the interrupted read.
        if (readerInterrupted) {
          failure.addSuppressed(e);
          throw failure;
        }
      } finally {
        lock.unlock();
      }
      throw e;
    } finally {
      lock.lock();
      try {
        reader = null;
        if (readerInterrupted) {
          readerInterrupted = false;
          Thread.interrupted();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private void submit(int number, Part part) {
    lock.lock();
    try {
      filling = null;
      inFlight++;
      if (part instanceof Part.OnDisk) {
        onDisk++;
      }
      parts.add(Thread.ofVirtual().name("sluice-s3-part-" + number)
          .start(() -> uploadPart(number, part)));
    } finally {
      lock.unlock();
    }
  }

  private void uploadPart(int number, Part part) {
    try {
      String id = awaitUploadId();
      if (id == null) {
        return;
      }
      UploadPartResponse response = sink.attempts.run(
          () -> s3.uploadPart(requests.part(id, number, part.size), part.body(type.mediaType())),
          this::failed);
      lock.lock();
      try {
        completed.put(number, requests.completed(number, response));
        bytesSent += part.size;
      } finally {
        lock.unlock();
      }
    } catch (Attempts.Failed e) {
      fail(failure("UploadPart " + number, e.attempts, e.getCause()));
    } catch (InterruptedIOException e) {
      // Cancelled by abort(): it reports the cause.
    } catch (RuntimeException e) {
      fail(failure("UploadPart " + number, 1, e));
    } finally {
      lock.lock();
      try {
        inFlight--;
        release(part);
        parts.remove(Thread.currentThread());
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** The upload id once CreateMultipartUpload answered; null if it failed or was cancelled. */
  private String awaitUploadId() throws InterruptedIOException {
    lock.lock();
    try {
      while (uploadId == null && failure == null && creator.isAlive()) {
        changed.await();
      }
      return uploadId;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } finally {
      lock.unlock();
    }
  }

  private Receipt putObject(Part part, long total) throws IOException {
    var response = send("PutObject", () -> s3.putObject(requests.put(part.size),
        part.body(type.mediaType())));
    lock.lock();
    try {
      release(part);
      filling = null;
    } finally {
      lock.unlock();
    }
    var details = details(response.eTag(), 1);
    // The upload begun for a longer stream is not needed: abort it, or name it if that fails.
    String unused = awaitCreated();
    if (unused != null) {
      try {
        sink.attempts.run(() -> s3.abortMultipartUpload(requests.abort(unused)));
      } catch (Attempts.Failed e) {
        details.put("unusedUploadId", unused);
      }
    }
    return new S3Receipt(destination, total, details);
  }

  private Receipt complete(long total) throws IOException {
    String id;
    List<CompletedPart> done;
    lock.lock();
    try {
      while (inFlight > 0 && failure == null) {
        changed.await();
      }
      throwIfFailed();
      id = uploadId;
      done = List.copyOf(completed.values());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } finally {
      lock.unlock();
    }
    var response = send("CompleteMultipartUpload",
        () -> s3.completeMultipartUpload(requests.complete(id, done)));
    return new S3Receipt(destination, total, details(response.eTag(), done.size()));
  }

  private <T> T send(String step, Attempts.Request<T> request) throws IOException {
    try {
      return sink.attempts.run(request);
    } catch (Attempts.Failed e) {
      throw failure(step, e.attempts, e.getCause());
    }
  }

  /**
   * Stops every part in flight, aborts the multipart upload, and returns the exception the write
   * throws for {@code cause}: {@code cause} itself when the abort succeeded, or one naming the
   * bucket, key and uploadId when the abort failed too.
   */
  IOException abort(Throwable cause) {
    IOException primary = cause instanceof IOException io
        ? io
        : new IOException(destination + ": " + cause, cause);
    // The abort must run even when the caller was interrupted; the flag is restored after.
    boolean interrupted = Thread.interrupted();
    try {
      String id = stopParts();
      if (id == null) {
        return primary;
      }
      try {
        sink.attempts.run(() -> s3.abortMultipartUpload(requests.abort(id)));
        return primary;
      } catch (Attempts.Failed | InterruptedIOException e) {
        if (e.getCause() instanceof AwsServiceException s && s.statusCode() == 404) {
          return primary;
        }
        var failed = new IOException(primary.getMessage() + "; AbortMultipartUpload failed too, so"
            + " parts may stay stored (bucket=" + sink.bucket + ", key=" + sink.key + ", uploadId="
            + id + "): " + describe(e.getCause() != null ? e.getCause() : e), primary);
        failed.addSuppressed(e);
        return failed;
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Stops the parts in flight, giving them {@link #GRACE} to end on their own first, and waits for
   * them and for the create; returns the upload id.
   */
  private String stopParts() {
    List<Thread> running;
    lock.lock();
    try {
      if (failure == null) {
        failure = new IOException(destination + ": aborted");
      }
      if (filling != null) {
        release(filling);
        filling = null;
      }
      long nanos = GRACE.toNanos();
      while (inFlight > 0 && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      running = new ArrayList<>(parts);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = new ArrayList<>(parts);
    } finally {
      lock.unlock();
    }
    // On a virtual thread, an interrupt closes the socket of a blocked request at once.
    running.forEach(Thread::interrupt);
    for (Thread t : running) {
      joinUninterruptibly(t);
    }
    return awaitCreated();
  }

  /** Waits for CreateMultipartUpload to answer; returns its upload id or null. */
  private String awaitCreated() {
    joinUninterruptibly(creator);
    lock.lock();
    try {
      return uploadId;
    } finally {
      lock.unlock();
    }
  }

  private static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        // A request blocked on a dead network ends with its socket timeout at the latest.
        t.join(Duration.ofMinutes(2));
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Records the first failure and wakes the caller, interrupting its read of the stream. */
  private void fail(IOException e) {
    lock.lock();
    try {
      if (failure == null) {
        failure = e;
        if (reader != null) {
          readerInterrupted = true;
          reader.interrupt();
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean failed() {
    lock.lock();
    try {
      return failure != null;
    } finally {
      lock.unlock();
    }
  }

  private void throwIfFailed() throws IOException {
    assert lock.isHeldByCurrentThread();
    if (failure != null) {
      throw failure;
    }
  }

  private void release(Part part) {
    assert lock.isHeldByCurrentThread();
    if (part instanceof Part.InMemory m) {
      pool.give(m.buffer);
    } else if (part instanceof Part.OnDisk d) {
      d.delete();
      if (filling != part) {
        onDisk--;
      }
    }
  }

  private IOException failure(String step, int attempts, Throwable cause) {
    String id;
    long sent;
    lock.lock();
    try {
      id = uploadId;
      sent = bytesSent;
    } finally {
      lock.unlock();
    }
    var message = new StringBuilder(destination).append(": ").append(step).append(" failed");
    if (attempts > 1) {
      message.append(" after ").append(attempts).append(" attempts");
    }
    message.append(" (");
    if (id != null) {
      message.append("uploadId=").append(id).append(", ");
    }
    message.append(Sizes.format(sent)).append(" sent): ").append(describe(cause));
    if (cause instanceof AwsServiceException s && s.statusCode() == 501
        && !Boolean.FALSE.equals(sink.checksumSwitch)) {
      message.append(" (the store may not accept checksums: turn them off)");
    }
    return new IOException(message.toString(), cause);
  }

  /** A one-line account of an SDK error: the S3 error code and status, or the network cause. */
  static String describe(Throwable e) {
    if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
      var details = s.awsErrorDetails();
      String code = details.errorCode() != null ? details.errorCode() : "error";
      String text = details.errorMessage() != null ? details.errorMessage() : "";
      return code + " (HTTP " + s.statusCode() + ")" + (text.isEmpty() ? "" : ": " + text);
    }
    String message = e.getMessage();
    return message != null ? message : e.getClass().getSimpleName();
  }

  private LinkedHashMap<String, String> details(String etag, int count) {
    var details = new LinkedHashMap<String, String>();
    details.put("etag", etag);
    details.put("parts", Integer.toString(count));
    details.put("partSizes", Sizes.runs(partSizes));
    details.put("checksum", sink.checksumSwitch == null ? "sdk"
        : sink.checksumSwitch ? "CRC32C" : "off");
    lock.lock();
    try {
      details.put("bufferPeak", Long.toString(pool.peak()));
    } finally {
      lock.unlock();
    }
    return details;
  }

  /** The receipt of an upload: its facts as named text, until the S3 module types them. */
  private record S3Receipt(String destination, long bytes, Map<String, String> details)
      implements Receipt {
    S3Receipt {
      details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
  }
}
