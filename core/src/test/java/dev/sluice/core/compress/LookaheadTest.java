package dev.sluice.core.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LookaheadTest {
  @Test
  void availableIsPositiveUntilTheEndThoughTheStreamUnderSaysZero() throws Exception {
    var in = new Lookahead(CompressionTest.inParts(new byte[] {1, 2}, new byte[] {3}));

    assertThat(in.available()).isEqualTo(1);
    assertThat(in.read()).isEqualTo(1);
    assertThat(in.available()).isEqualTo(1);
    assertThat(in.read(new byte[8], 0, 8)).isEqualTo(1);
    assertThat(in.available()).isEqualTo(1);
    assertThat(in.read()).isEqualTo(3);
    assertThat(in.available()).isZero();
    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.read(new byte[8], 0, 8)).isEqualTo(-1);
  }

  @Test
  void bytesPassThroughIntactWhateverTheMixOfReadsAndAvailable() throws Exception {
    var random = new Random(7);
    var data = new byte[100_000];
    random.nextBytes(data);
    var parts = new byte[10][];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = Arrays.copyOfRange(data, i * 10_000, (i + 1) * 10_000);
    }
    var in = new Lookahead(CompressionTest.inParts(parts));
    var out = new ByteArrayOutputStream();
    var buffer = new byte[4096];
    while (true) {
      int choice = random.nextInt(3);
      if (choice == 0) {
        in.available();
        continue;
      }
      int n = choice == 1 ? in.read(buffer, 0, 1 + random.nextInt(buffer.length)) : in.read();
      if (n < 0) {
        break;
      }
      if (choice == 1) {
        out.write(buffer, 0, n);
      } else {
        out.write(n);
      }
    }

    assertThat(out.toByteArray()).isEqualTo(data);
  }
}
