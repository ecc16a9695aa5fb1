package dev.sluice.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Throughput of a pipe in MB/s (10^6 bytes): a writer thread writes chunks of {@code size} bytes as
 * fast as it can, a reader thread reads them with a 32 KiB buffer, both platform or both virtual
 * threads. The benchmark thread sleeps {@link #SAMPLE_MILLIS} per call and counts the bytes the
 * reader moved meanwhile, like Go's harness (bench/go): the score is the secondary metric {@code
 * transfer:mb} in ops/s, which is MB/s. (The primary metric counts calls, about ten a second, and
 * means nothing.)
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class PipeThroughput {
  static final long SAMPLE_MILLIS = 100;

  @Param({"sluice", "piped-1k", "piped-64k", "okio-64k", "lock-condition", "spin-bound"})
  public String pipe;

  @Param({"64", "1024", "8192", "65536", "1048576"})
  public int size;

  @Param({"platform", "virtual"})
  public String threads;

  private Flow flow;

  /** The MB moved in an iteration; JMH divides it by the iteration's time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Moved {
    public double mb;

    @Setup(Level.Iteration)
    public void reset() {
      mb = 0;
    }
  }

  @Setup(Level.Trial)
  public void start() {
    flow = new Flow(Contender.of(pipe), size, threads.equals("virtual"));
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    flow.close();
  }

  @Benchmark
  public void transfer(Moved moved) throws InterruptedException {
    long before = flow.bytesRead();
    Thread.sleep(SAMPLE_MILLIS);
    moved.mb += (flow.bytesRead() - before) / 1e6;
  }
}
