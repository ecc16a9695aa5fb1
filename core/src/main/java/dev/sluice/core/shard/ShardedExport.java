package dev.sluice.core.shard;

import static dev.sluice.core.ExportException.Reason.INTERRUPTED;
import static dev.sluice.core.ExportException.Reason.SINK;

import dev.sluice.core.Export;
import dev.sluice.core.ExportException;
import dev.sluice.core.ExportProgress;
import dev.sluice.core.ExportResult;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * The shards of a {@link ShardPlan} exported at once in this process, each an {@link Export} of its
 * own (its own connection, sink and manifest, committed atomically), then one {@link SetManifest}
 * listing them all.
 *
 * <pre>{@code
 * try (var snapshot = Snapshot.open(source)) {
 *   var plan = ShardPlanner.builder(source).shards(4).destination("out/part-{shard}.csv").build()
 *       .plan(snapshot);
 *   var result = ShardedExport.builder(plan, source)
 *       .sinks(i -> FileSink.of(Path.of(plan.pattern().name(i))))
 *       .setManifestTo(FileSink.of(Path.of(plan.pattern().setManifestName())))
 *       .build()
 *       .run();
 * }
 * }</pre>
 *
 * <p>At most {@link Builder#parallel} shards run at a time, each on a virtual thread (plus its
 * producer's). The {@link Snapshot} the plan was made with must stay open until {@link #run()}
 * returns: a shard that starts after it closed cannot read it.
 *
 * <p><b>On failure</b> of any shard, every other running shard is cancelled (its sink aborts and
 * leaves nothing, as every sink documents), the shards not yet started never start, no set manifest
 * is written, and {@code run} throws the first failure, naming its shard. Shards that committed
 * before the failure keep their objects and manifests; running the set again replaces them whole.
 */
public final class ShardedExport {
  private final ShardPlan plan;
  private final List<Export> exports;
  private final Sink setStore;
  private final int parallel;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile long startNanos;

  /** Shards exported before ({@link Builder#resumed}), by index, with their manifests. */
  private final java.util.Map<Integer, Manifest> resumed;

  private ShardedExport(Builder b) {
    this.plan = b.plan;
    this.resumed = java.util.Map.copyOf(b.resumed);
    this.setStore = b.setStore;
    this.parallel = b.parallel > 0 ? b.parallel : Math.min(plan.size(), defaultParallel());
    Objects.requireNonNull(b.sinks, "sinks");
    var list = new ArrayList<Export>(plan.size());
    for (int i = 0; i < plan.size(); i++) {
      var export =
          Export.builder()
              .source(plan.source(b.base, i))
              .format(plan.format())
              .formatOptions(plan.formatOptions())
              .compression(plan.compression())
              .sink(Objects.requireNonNull(b.sinks.apply(i), "sink of shard " + i))
              // The set manifest lists each shard's hash, so every shard computes its manifest.
              .manifest(true);
      if (b.level != null) {
        export.compressionLevel(b.level);
      }
      list.add(export.build());
    }
    this.exports = List.copyOf(list);
  }

  /** The shards that run at once by default: one per core, as many as there are shards at most. */
  public static int defaultParallel() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Starts a sharded export of {@code plan}, connecting as {@code base} does. */
  public static Builder builder(ShardPlan plan, JdbcSource base) {
    return new Builder(plan, base);
  }

  /** The number of shards that run at once. */
  public int parallel() {
    return parallel;
  }

  /**
   * Runs every shard, at most {@link #parallel()} at a time, and stores the set manifest when they
   * have all committed.
   *
   * @throws ExportException the first shard's failure, its message starting with the shard's number
   *     and destination; {@code INTERRUPTED} after {@link #cancel()} or an interrupt
   * @throws IllegalStateException if it already ran
   */
  public SetResult run() throws ExportException {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("a sharded export runs once");
    }
    var start = Instant.now();
    startNanos = System.nanoTime();
    var results = new ExportResult[exports.size()];
    var failure = new AtomicReference<ExportException>();
    var permits = new Semaphore(parallel);
    var names = plan.destination() != null ? plan.pattern() : null;
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < exports.size(); i++) {
        int index = i;
        var before = resumed.get(i);
        if (before != null) {
          results[i] =
              new ExportResult(
                  before.rows(),
                  before.uncompressedBytes(),
                  before.storedBytes(),
                  Duration.ZERO,
                  dev.sluice.core.sink.Receipt.of(before.destination(), before.storedBytes()),
                  dev.sluice.core.Bottleneck.BALANCED,
                  java.util.Optional.of(before));
          continue;
        }
        threads.execute(
            () -> {
              try {
                permits.acquire();
              } catch (InterruptedException e) {
                return; // Only cancellation interrupts: the failure is already recorded.
              }
              try {
                if (failure.get() != null || cancelled.get()) {
                  return;
                }
                results[index] = exports.get(index).run();
              } catch (ExportException e) {
                var number = names != null ? names.number(index) : String.valueOf(index);
                var named =
                    new ExportException(e.reason(), "shard " + number + ": " + e.getMessage(), e);
                if (failure.compareAndSet(null, named)) {
                  cancelAll();
                }
              } finally {
                permits.release();
              }
            });
      }
      threads.shutdown();
      awaitAll(threads);
    }
    if (cancelled.get() && (failure.get() == null || failure.get().reason() == INTERRUPTED)) {
      throw new ExportException(INTERRUPTED, "sharded export cancelled");
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    var list = List.of(results);
    var manifest =
        SetManifest.of(
            plan,
            list.stream().map(r -> r.manifest().orElseThrow()).toList(),
            start,
            resumed.isEmpty());
    if (setStore != null) {
      try {
        setStore.write(
            new ByteArrayInputStream(manifest.toJson()),
            new ContentType(Format.JSON, Compression.NONE));
      } catch (IOException e) {
        throw new ExportException(
            SINK,
            setStore.destination()
                + ": cannot store the set manifest (every shard is committed): "
                + e.getMessage(),
            e);
      }
    }
    return new SetResult(plan, list, manifest, Duration.ofNanos(System.nanoTime() - startNanos));
  }

  /** Waits for every shard; an interrupt of the caller cancels them and still waits. */
  private void awaitAll(java.util.concurrent.ExecutorService threads) {
    boolean interrupted = false;
    while (true) {
      try {
        if (threads.awaitTermination(1, java.util.concurrent.TimeUnit.DAYS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
        cancel();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The rows and bytes of every shard so far; safe to call from any thread. */
  public ExportProgress progress() {
    long rows = 0;
    long raw = 0;
    long stored = 0;
    for (var e : exports) {
      var p = e.progress();
      rows += p.rows();
      raw += p.rawBytes();
      stored += p.storedBytes();
    }
    long t0 = startNanos;
    return new ExportProgress(rows, raw, stored, t0 == 0 ? 0 : System.nanoTime() - t0);
  }

  /** Stops every shard from any thread; {@link #run()} throws {@code INTERRUPTED}. */
  public void cancel() {
    cancelled.set(true);
    cancelAll();
  }

  private void cancelAll() {
    for (var e : exports) {
      e.cancel();
    }
  }

  /** Builds a {@link ShardedExport}. */
  public static final class Builder {
    private final ShardPlan plan;
    private final JdbcSource base;
    private IntFunction<Sink> sinks;
    private Sink setStore;
    private int parallel;
    private Integer level;
    private final java.util.Map<Integer, Manifest> resumed = new java.util.HashMap<>();

    private Builder(ShardPlan plan, JdbcSource base) {
      this.plan = Objects.requireNonNull(plan, "plan");
      this.base = Objects.requireNonNull(base, "base");
    }

    /** The sink of each shard, by index; required. */
    public Builder sinks(IntFunction<Sink> sinkOfShard) {
      this.sinks = Objects.requireNonNull(sinkOfShard, "sinkOfShard");
      return this;
    }

    /** Where to store the set manifest once every shard has committed; none unless set. */
    public Builder setManifestTo(Sink store) {
      this.setStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Shards that run at once (default: the cores, at most the shards). */
    public Builder parallel(int shards) {
      if (shards < 1) {
        throw new IllegalArgumentException("parallel < 1: " + shards);
      }
      this.parallel = shards;
      return this;
    }

    /**
     * Shard {@code index} is exported already, its object verified against {@code manifest} ({@code
     * --resume}): it is not exported again, and the set manifest lists it as {@code manifest} says.
     * A set with such a shard read more than one state of the database: its manifest says {@link
     * Consistency#PER_SHARD}.
     */
    public Builder resumed(int index, Manifest manifest) {
      Objects.checkIndex(index, plan.size());
      this.resumed.put(index, Objects.requireNonNull(manifest, "manifest"));
      return this;
    }

    /** The compression level of every shard. */
    public Builder compressionLevel(int level) {
      this.level = level;
      return this;
    }

    public ShardedExport build() {
      return new ShardedExport(this);
    }
  }
}
