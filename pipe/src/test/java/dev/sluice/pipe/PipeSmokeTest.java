package dev.sluice.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipeSmokeTest {
  /** Bytes written through awkward sizes arrive in order, hashed on both ends. */
  @Test
  void bytesArriveInOrder() throws Exception {
    var expected = MessageDigest.getInstance("SHA-256");
    var reader =
        Pipe.produce(
            out -> {
              var random = new Random(1);
              for (int i = 0; i < 20_000; i++) {
                var chunk = new byte[random.nextInt(3000)];
                random.nextBytes(chunk);
                expected.update(chunk);
                out.write(chunk);
              }
            });
    var actual = MessageDigest.getInstance("SHA-256");
    var buf = new byte[777];
    int n;
    while ((n = reader.read(buf)) != -1) {
      actual.update(buf, 0, n);
    }
    assertThat(actual.digest()).isEqualTo(expected.digest());
  }
}
