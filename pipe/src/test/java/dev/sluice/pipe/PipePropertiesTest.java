package dev.sluice.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Timeout;

/**
 * Random write sizes, read sizes and numbers of parallel writers: the reader receives exactly the
 * bytes written, and each write arrives contiguous.
 *
 * <p>jqwik runs properties on its own engine, which ignores Jupiter's {@code @Timeout}; the bound
 * is that every wait here gives up after ten seconds (see {@link Threads.Call#get}) and the writer
 * is closed whatever happens, so the read loop always ends.
 */
@Timeout(value = 60)
class PipePropertiesTest {
  /**
   * The byte at position {@code i} of write {@code k} of writer {@code w}: the writer in the top
   * two bits, the write's parity next, then the position modulo 32, so a byte out of place, lost or
   * duplicated, or another write cutting in, breaks the pattern.
   */
  static byte tag(int w, int k, int i) {
    return (byte) ((w << 6) | ((k & 1) << 5) | (i & 31));
  }

  @Property(tries = 200)
  void readerReceivesEveryWriteWholeAndInOrder(
      @ForAll @Size(min = 1, max = 4)
          List<@Size(max = 30) List<@IntRange(min = 1, max = 20_000) Integer>> writes,
      @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 1, max = 9000) Integer> readSizes,
      @ForAll boolean transferTo)
      throws Exception {
    var pipe = Pipe.open();
    var calls = new ArrayList<Threads.Call<Void>>();
    for (int w = 0; w < writes.size(); w++) {
      int writer = w;
      var sizes = writes.get(w);
      calls.add(
          Threads.run(
              () -> {
                for (int k = 0; k < sizes.size(); k++) {
                  var chunk = new byte[sizes.get(k)];
                  for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = tag(writer, k, i);
                  }
                  pipe.writer().write(chunk);
                }
              }));
    }
    var closer =
        Threads.run(
            () -> {
              try {
                for (var call : calls) {
                  call.get();
                }
              } finally {
                // Also after a writer failed or hung, so the read below always ends.
                pipe.writer().close();
              }
            });
    var received = new ByteArrayOutputStream();
    if (transferTo) {
      pipe.reader().transferTo(received);
    } else {
      var buf = new byte[9000];
      int n;
      for (int r = 0;
          (n = pipe.reader().read(buf, 0, readSizes.get(r % readSizes.size()))) != -1;
          r++) {
        assertThat(n).isPositive();
        received.write(buf, 0, n);
      }
    }
    closer.get();

    var bytes = received.toByteArray();
    int[] next = new int[writes.size()];
    int pos = 0;
    while (pos < bytes.length) {
      int w = (bytes[pos] >> 6) & 3;
      assertThat(w).as("writer at %d", pos).isLessThan(writes.size());
      assertThat(next[w]).as("writes of writer %d", w).isLessThan(writes.get(w).size());
      int k = next[w]++;
      int size = writes.get(w).get(k);
      for (int i = 0; i < size; i++) {
        assertThat(pos + i).as("write %d of writer %d cut short", k, w).isLessThan(bytes.length);
        assertThat(bytes[pos + i])
            .as("byte %d of write %d of writer %d", i, k, w)
            .isEqualTo(tag(w, k, i));
      }
      pos += size;
    }
    for (int w = 0; w < writes.size(); w++) {
      assertThat(next[w]).as("writes received from writer %d", w).isEqualTo(writes.get(w).size());
    }
    assertThat(pipe.bytesTransferred()).isEqualTo(bytes.length);
  }
}
