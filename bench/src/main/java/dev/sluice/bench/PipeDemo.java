package dev.sluice.bench;

import dev.sluice.pipe.Pipe;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The pipe in the small, as in the idea it comes from: a producer JSON-encodes two batches of
 * records one second apart into the pipe while the main thread copies the pipe to stdout as the
 * bytes arrive. The first batch shows up at once, the second a second later; nothing waits for the
 * end, and the counters at the end say which side waited for which.
 */
public final class PipeDemo {
  private PipeDemo() {}

  public static void main(String[] args) throws IOException {
    var in =
        Pipe.produce(
            out -> {
              writeBatch(out, 1);
              Thread.sleep(1000);
              writeBatch(out, 2);
            });
    var buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) != -1) {
      System.out.write(buf, 0, n);
      System.out.flush();
    }
    var pipe = in.pipe();
    System.err.printf(
        "pipe: %d bytes; the reader waited %d ms, the writer %d ms%n",
        pipe.bytesTransferred(),
        pipe.readerWaitNanos() / 1_000_000,
        pipe.writerWaitNanos() / 1_000_000);
  }

  /** Writes five records of one batch, one JSON object per line, each as one write. */
  private static void writeBatch(OutputStream out, int batch) throws IOException {
    for (int i = 1; i <= 5; i++) {
      var json =
          "{\"batch\":"
              + batch
              + ",\"id\":"
              + ((batch - 1) * 5 + i)
              + ",\"name\":\"record "
              + i
              + "\",\"at\":\""
              + Instant.now()
              + "\"}\n";
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
  }
}
