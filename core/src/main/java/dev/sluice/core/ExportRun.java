package dev.sluice.core;

import static dev.sluice.core.ExportException.Reason.CONFIGURATION;
import static dev.sluice.core.ExportException.Reason.INTERRUPTED;
import static dev.sluice.core.ExportException.Reason.SINK;
import static dev.sluice.core.ExportException.Reason.SOURCE;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.compress.CompressionStage;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.manifest.Recorder;
import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.Receipt;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.source.Cursor;
import dev.sluice.core.source.Source;
import dev.sluice.core.text.Message;
import dev.sluice.pipe.Pipe;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One run of an {@link Export}, in the order it happens: check the destination, open and execute
 * the query, start the producer (rows, encoder, compressor, pipe) on a virtual thread, let the sink
 * consume the pipe on the calling thread, stop the producer, report. The failure paths follow the
 * normal one: {@link #sinkFailed} decides who failed, {@link #stop} makes sure the producer and its
 * connection are gone before {@link #run} returns.
 *
 * <p>Fields written by one thread and read by another are volatile, apart from the row count, which
 * the producer publishes with opaque writes so the row loop takes no fence.
 */
final class ExportRun {
  /** What an export was built with. */
  record Plan(
      Source source,
      Format format,
      FormatOptions formatOptions,
      Compression compression,
      int compressionLevel,
      Sink sink,
      boolean manifest,
      Optional<Sink> manifestStore) {}

  /** How long {@link #stop} waits for a producer told to stop before closing its connection. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private static final VarHandle ROWS;

  static {
    try {
      ROWS = MethodHandles.lookup().findVarHandle(ExportRun.class, "rows", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Plan plan;
  private final long startNanos = System.nanoTime();

  /** Hashes the bytes and builds the manifest, when the export has one. */
  private final Optional<Recorder> recorder;

  /** Rows encoded; written by the producer with opaque writes, read by {@link #progress()}. */
  @SuppressWarnings("unused")
  private long rows;

  private volatile Meter rawMeter;
  private volatile Meter storedMeter;
  private volatile Cursor cursor;
  private volatile Pipe pipe;
  private volatile boolean cancelled;

  /** Set by the producer before it closes the pipe with it, so the sink side sees it first. */
  private volatile Throwable producerFailure;

  ExportRun(Plan plan) {
    this.plan = plan;
    this.recorder =
        plan.manifest()
            ? Optional.of(
                Recorder.start(
                    plan.source(),
                    plan.format(),
                    plan.formatOptions(),
                    plan.compression(),
                    plan.manifestStore()))
            : Optional.empty();
  }

  ExportResult run() throws ExportException {
    var target =
        recorder
            .map(r -> r.around(plan.sink(), this::rowsSoFar, () -> cursor.columns()))
            .orElse(plan.sink());
    try {
      target.check();
    } catch (IOException e) {
      throw new ExportException(CONFIGURATION, Message.firstLine(e), e);
    }
    var c = plan.source().open();
    cursor = c;
    try {
      checkCancelled();
      if (plan.format() == Format.CSV) {
        c.csv(plan.formatOptions().csvDialect());
      }
      c.execute();
      return transfer(c, target);
    } finally {
      c.close();
    }
  }

  private ExportResult transfer(Cursor c, Sink target) throws ExportException {
    var p = Pipe.open();
    pipe = p;
    checkCancelled();
    // A platform thread, not a virtual one: the producer mostly waits for the database's next
    // bytes, and a virtual thread pays for every such wait (a non-blocking read that fails, the
    // poller's registration, a park and the carrier's futex sleep and wake-up), where a platform
    // thread blocks in one read. Stopping it never relies on an interrupt: cancel and close do.
    var producer = Thread.ofPlatform().daemon().name("sluice-export").start(() -> produce(c, p));
    Receipt receipt;
    try {
      receipt = target.write(p.reader(), new ContentType(plan.format(), plan.compression()));
    } catch (IOException | RuntimeException e) {
      throw sinkFailed(e, c, p, producer);
    } catch (Error e) {
      // Not a failure to report but a bug or a dying JVM: still stop the producer and the query.
      p.reader().closeWithError(e);
      c.cancel();
      stop(producer, c);
      throw e;
    }
    // A sink that returns before the end of the data makes the producer's next write fail.
    p.reader().close();
    stop(producer, c);
    if (producerFailure != null) {
      throw new ExportException(
          SINK,
          plan.sink().destination() + ": the sink returned before the end of the data",
          producerFailure);
    }
    long elapsed = System.nanoTime() - startNanos;
    return new ExportResult(
        rowsSoFar(),
        rawMeter.count(),
        storedMeter.count(),
        Duration.ofNanos(elapsed),
        receipt,
        Bottleneck.of(p.writerWaitNanos(), p.readerWaitNanos(), elapsed),
        recorder.flatMap(Recorder::manifest));
  }

  /** The producer: rows to bytes to the pipe. Runs on its own virtual thread. */
  private void produce(Cursor c, Pipe p) {
    var stored = new Meter(p.writer());
    OutputStream compressor = stored;
    try {
      compressor = CompressionStage.start(plan.compression(), plan.compressionLevel(), stored);
      var raw = new Meter(hashed(compressor));
      storedMeter = stored;
      rawMeter = raw;
      var rows = c.rows();
      var encoder = plan.format().encoder(rows, plan.formatOptions(), raw);
      encoder.begin();
      long n = 0;
      while (rows.next()) {
        encoder.write();
        ROWS.setOpaque(this, ++n);
      }
      encoder.end();
      recorder.ifPresent(r -> r.rowGroups(encoder.rowGroups()));
      compressor.close();
      p.writer().close();
    } catch (Throwable t) {
      producerFailure = t;
      p.writer().closeWithError(t);
      stored.discard();
      CompressionStage.abort(compressor, t);
    } finally {
      storedMeter = stored;
    }
  }

  /** The encoder's output on its way to {@code compressor}, hashed when there is a manifest. */
  private OutputStream hashed(OutputStream compressor) {
    return recorder.isPresent() ? recorder.get().uncompressed(compressor) : compressor;
  }

  private ExportException sinkFailed(Exception e, Cursor c, Pipe p, Thread producer) {
    boolean interrupted = Thread.interrupted() || e instanceof InterruptedIOException;
    var fromProducer = producerFailure;
    if (cancelled || interrupted) {
      cancel();
      stop(producer, c);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return new ExportException(
          INTERRUPTED,
          String.format(Locale.ROOT, "export cancelled after %,d rows", rowsSoFar()),
          e);
    }
    if (fromProducer != null && !(fromProducer instanceof IOException)) {
      stop(producer, c);
      fromProducer.addSuppressed(e);
      if (fromProducer instanceof ExportException ee) {
        return ee;
      }
      return new ExportException(
          SOURCE,
          String.format(
              Locale.ROOT,
              "export failed after %,d rows: %s",
              rowsSoFar(),
              Message.firstLine(fromProducer)),
          fromProducer);
    }
    // The sink failed on its own: stop the producer at its next write, and the database at once.
    p.reader().closeWithError(e);
    c.cancel();
    stop(producer, c);
    var m = Message.firstLine(e);
    var destination = plan.sink().destination();
    return new ExportException(SINK, m.startsWith(destination) ? m : destination + ": " + m, e);
  }

  /**
   * Waits for the producer to end. One told to stop ends at its next write or when the cancelled
   * query returns; one stuck in a driver that ignores cancel is cut off by closing its connection.
   */
  private static void stop(Thread producer, Cursor c) {
    for (int attempt = 0; attempt < 4; attempt++) {
      if (Uninterruptibly.join(producer, STOP_GRACE)) {
        return;
      }
      if (attempt == 0) {
        c.close();
      }
    }
  }

  private void checkCancelled() throws ExportException {
    if (cancelled) {
      throw new ExportException(INTERRUPTED, "export cancelled before the query ran");
    }
  }

  private long rowsSoFar() {
    return (long) ROWS.getOpaque(this);
  }

  ExportProgress progress() {
    var raw = rawMeter;
    var stored = storedMeter;
    return new ExportProgress(
        rowsSoFar(),
        raw == null ? 0 : raw.count(),
        stored == null ? 0 : stored.count(),
        System.nanoTime() - startNanos);
  }

  /** See {@link Export#cancel()}. */
  void cancel() {
    cancelled = true;
    var c = cursor;
    if (c != null) {
      c.cancel();
    }
    var p = pipe;
    if (p != null) {
      p.writer().closeWithError(new ExportException(INTERRUPTED, "export cancelled"));
    }
  }
}
