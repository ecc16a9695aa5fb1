package dev.sluice.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many writers and readers on platform and virtual threads, interrupted at random and closed at
 * random from a third thread, over thousands of rounds: no deadlock, no byte lost or duplicated, no
 * thread left behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipeStressTest {
  private static final int ROUNDS = 3000;

  /** Every round ends, and readers received exactly what writers say readers took. */
  @Test
  void randomInterruptsAndClosesLoseNoByte() throws Exception {
    long seed = Long.getLong("sluice.stress.seed", System.nanoTime());
    var random = new Random(seed);
    for (int round = 0; round < ROUNDS; round++) {
      var failure = new Round(random.nextLong()).run();
      assertThat(failure).as("round %d of seed %d", round, seed).isNull();
    }
  }

  /** One pipe, its writers, readers and a chaos thread. */
  private static final class Round {
    private final Random random;
    private final Pipe pipe = Pipe.open();
    private final int writers;

    /** Per writer: bytes readers took according to the writer (whole writes and interrupts). */
    private final AtomicLongArray taken;

    /** Per writer: the size of a write that failed because of a close; readers took some of it. */
    private final AtomicLongArray unknown;

    /** Per writer: bytes readers received. Each writer writes its own number plus one. */
    private final AtomicLongArray received;

    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private volatile boolean chaosClosed;

    Round(long seed) {
      this.random = new Random(seed);
      this.writers = 1 + random.nextInt(4);
      this.taken = new AtomicLongArray(writers);
      this.unknown = new AtomicLongArray(writers);
      this.received = new AtomicLongArray(writers);
    }

    /** Returns a description of what went wrong, or null. */
    String run() throws InterruptedException {
      var writerThreads = new ArrayList<Thread>();
      for (int w = 0; w < writers; w++) {
        // Small writes are copied into readers' buffers, large ones (over Handoff.FILL_MAX)
        // offered.
        int maxSize = random.nextBoolean() ? 2000 : 4 * Handoff.FILL_MAX;
        writerThreads.add(start(writer(w, 1 + random.nextInt(30), 1 + random.nextInt(maxSize))));
      }
      var readerThreads = new ArrayList<Thread>();
      int readers = 1 + random.nextInt(3);
      for (int r = 0; r < readers; r++) {
        readerThreads.add(start(reader(1 + random.nextInt(random.nextBoolean() ? 4096 : 40_000))));
      }
      var all = new ArrayList<Thread>(writerThreads);
      all.addAll(readerThreads);
      var chaos = Thread.ofPlatform().start(chaos(all, random.nextLong()));
      if (!joinAll(writerThreads)) {
        return "writers deadlocked: " + pipe;
      }
      pipe.writer().close();
      if (!joinAll(readerThreads) || !joinAll(List.of(chaos))) {
        return "readers deadlocked: " + pipe;
      }
      return check();
    }

    private Thread start(Runnable task) {
      return random.nextBoolean()
          ? Thread.ofVirtual().start(task)
          : Thread.ofPlatform().daemon().start(task);
    }

    private Runnable writer(int w, int writes, int maxSize) {
      long seed = random.nextLong();
      return () -> {
        var r = new Random(seed);
        var chunk = new byte[maxSize];
        java.util.Arrays.fill(chunk, (byte) (w + 1));
        for (int k = 0; k < writes; k++) {
          int len = 1 + r.nextInt(maxSize);
          try {
            pipe.writer().write(chunk, 0, len);
            taken.addAndGet(w, len);
          } catch (InterruptedIOException e) {
            Thread.interrupted();
            taken.addAndGet(w, e.bytesTransferred);
          } catch (IOException e) {
            unknown.addAndGet(w, len);
            return;
          }
        }
      };
    }

    private Runnable reader(int bufferSize) {
      // Some readers read whole buffers (readNBytes), which writers fill across many writes.
      boolean whole = random.nextInt(3) == 0;
      return () -> {
        var buf = new byte[bufferSize];
        while (true) {
          int n;
          if (whole) {
            // Writers' bytes are never 0, so after a failure the filled bytes can be counted.
            Arrays.fill(buf, (byte) 0);
          }
          try {
            n =
                whole
                    ? pipe.reader().readNBytes(buf, 0, buf.length)
                    : pipe.reader().read(buf, 0, buf.length);
          } catch (InterruptedIOException e) {
            Thread.interrupted();
            if (!whole && e.bytesTransferred != 0) {
              problems.add("interrupted read consumed " + e.bytesTransferred);
            }
            if (whole && (e.bytesTransferred != filled(buf) || !count(buf, e.bytesTransferred))) {
              problems.add(
                  "interrupted readNBytes reported "
                      + e.bytesTransferred
                      + " of "
                      + filled(buf)
                      + " bytes filled");
            }
            continue;
          } catch (IOException e) {
            if (!chaosClosed) {
              problems.add("read failed with no close: " + e);
            }
            if (whole) {
              count(buf, filled(buf));
            }
            return;
          }
          if (n == -1 || !count(buf, n) || (whole && n < buf.length)) {
            return;
          }
        }
      };
    }

    private static int filled(byte[] buf) {
      int n = 0;
      while (n < buf.length && buf[n] != 0) {
        n++;
      }
      return n;
    }

    /** Counts the first {@code n} bytes of {@code buf} as received; false on a stranger's byte. */
    private boolean count(byte[] buf, int n) {
      // One read may gather several writes, of several writers: count byte by byte.
      for (int i = 0; i < n; i++) {
        int value = buf[i];
        if (value < 1 || value > writers) {
          problems.add("a read returned byte " + value + ", which no writer wrote");
          return false;
        }
        received.incrementAndGet(value - 1);
      }
      return true;
    }

    private Runnable chaos(List<Thread> victims, long seed) {
      return () -> {
        var r = new Random(seed);
        int interrupts = r.nextInt(6);
        for (int i = 0; i < interrupts; i++) {
          LockSupport.parkNanos(r.nextInt(300_000));
          victims.get(r.nextInt(victims.size())).interrupt();
        }
        if (r.nextInt(3) == 0) {
          LockSupport.parkNanos(r.nextInt(500_000));
          chaosClosed = true;
          var error = r.nextBoolean() ? new IOException("chaos") : null;
          if (r.nextBoolean()) {
            pipe.reader().closeWithError(error);
          } else {
            pipe.writer().closeWithError(error);
          }
        }
      };
    }

    private String check() {
      if (!problems.isEmpty()) {
        return problems.toString();
      }
      long total = 0;
      for (int w = 0; w < writers; w++) {
        long got = received.get(w);
        total += got;
        long least = taken.get(w);
        long most = least + unknown.get(w);
        if (got < least || got > most) {
          return "writer "
              + w
              + ": readers received "
              + got
              + " bytes, writer says "
              + least
              + (most > least ? ".." + most : "");
        }
      }
      if (total != pipe.bytesTransferred()) {
        return "readers received " + total + " bytes, pipe counted " + pipe.bytesTransferred();
      }
      return null;
    }

    private static boolean joinAll(List<Thread> threads) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      for (var t : threads) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !t.join(java.time.Duration.ofNanos(left))) {
          return false;
        }
      }
      return true;
    }
  }
}
