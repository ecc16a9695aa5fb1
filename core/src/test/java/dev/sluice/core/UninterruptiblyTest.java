package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UninterruptiblyTest {
  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  /** An interrupt during the wait does not end it; the flag is set again afterwards. */
  @Test
  void joinOutlastsAnInterruptAndKeepsTheFlag() throws Exception {
    var release = new CountDownLatch(1);
    var worker =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    var caller = Thread.currentThread();
    Thread.ofPlatform()
        .start(
            () -> {
              sleep(200);
              caller.interrupt();
              sleep(200);
              release.countDown();
            });

    Uninterruptibly.join(worker);

    assertThat(worker.isAlive()).isFalse();
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  /** A timed wait gives up after its timeout, even with interrupts, and says so. */
  @Test
  void timedJoinReturnsFalseWhenTheThreadOutlivesTheTimeout() {
    var release = new CountDownLatch(1);
    var worker =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    Thread.currentThread().interrupt();
    long start = System.nanoTime();

    boolean ended = Uninterruptibly.join(worker, Duration.ofMillis(300));

    assertThat(ended).isFalse();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    release.countDown();
    assertThat(Uninterruptibly.join(worker, Duration.ofSeconds(10))).isTrue();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
