package dev.sluice.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Throughput of a pipe in MB/s (10^6 bytes): a writer thread writes chunks of {@code size} bytes
 * as fast as it can, a reader thread reads them with a 32 KiB buffer, both platform or both virtual
 * threads. One operation is one MB read, so JMH's ops/s is MB/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class PipeThroughput {
  private static final int MB_PER_CALL = 4;

  @Param({"sluice", "piped-1k", "piped-64k", "okio-64k", "lock-condition"})
  public String pipe;

  @Param({"64", "1024", "8192", "65536", "1048576"})
  public int size;

  @Param({"platform", "virtual"})
  public String threads;

  private Flow flow;

  @Setup(Level.Trial)
  public void start() {
    flow = new Flow(Contender.of(pipe), size, threads.equals("virtual"));
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    flow.close();
  }

  @Benchmark
  @OperationsPerInvocation(MB_PER_CALL)
  public void transfer() {
    flow.awaitBytes(MB_PER_CALL * 1_000_000L);
  }
}
