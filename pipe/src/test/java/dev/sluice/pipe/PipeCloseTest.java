package dev.sluice.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Go's close table ({@code pipe_test.go}): sync or async, with or without an error, close or
 * closeWithError, on each half. Sync closes before the call; async closes while the call blocks.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipeCloseTest {
  enum Half {
    /** The writer closes; a read observes it. */
    WRITER,
    /** The reader closes; a write observes it. */
    READER
  }

  record Case(Half closing, boolean async, boolean withError, boolean closeWithError) {
    @Override
    public String toString() {
      return closing.name().toLowerCase()
          + (async ? " async " : " sync ")
          + (closeWithError ? "closeWithError(" + (withError ? "e" : "null") + ")" : "close()");
    }
  }

  static List<Case> table() {
    var cases = new ArrayList<Case>();
    for (var half : Half.values()) {
      for (boolean async : new boolean[] {true, false}) {
        cases.add(new Case(half, async, false, false));
        cases.add(new Case(half, async, false, true));
        cases.add(new Case(half, async, true, true));
      }
    }
    return cases;
  }

  /** A close on one half is seen by the other as the end (or its error), whenever it happens. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void closeIsSeenByThePeer(Case c) throws Exception {
    var pipe = Pipe.open();
    var error = c.withError() ? new IOException("short write") : null;
    Runnable close =
        switch (c.closing()) {
          case WRITER ->
              c.closeWithError() ? () -> pipe.writer().closeWithError(error) : pipe.writer()::close;
          case READER ->
              c.closeWithError() ? () -> pipe.reader().closeWithError(error) : pipe.reader()::close;
        };
    if (!c.async()) {
      close.run();
    }
    Threads.Call<Integer> call =
        switch (c.closing()) {
          case WRITER -> Threads.start(() -> pipe.reader().read(new byte[64]));
          case READER ->
              Threads.start(
                  () -> {
                    pipe.writer().write(new byte[64]);
                    return 64;
                  });
        };
    if (c.async()) {
      call.awaitBlocked();
      close.run();
    }
    if (c.closing() == Half.WRITER && error == null) {
      assertThat(call.get()).isEqualTo(-1);
    } else if (error == null) {
      assertThat(call.failure()).isInstanceOf(ClosedPipeException.class);
    } else {
      assertThat(call.failure()).isInstanceOf(IOException.class).hasCause(error);
    }
    // And again, now that the pipe is closed: the answer never changes.
    if (c.closing() == Half.WRITER) {
      if (error == null) {
        assertThat(pipe.reader().read()).isEqualTo(-1);
      } else {
        assertThat(Threads.start(() -> pipe.reader().read()).failure()).hasCause(error);
      }
    } else {
      var again = Threads.run(() -> pipe.writer().write(1)).failure();
      assertThat(again).isInstanceOf(error == null ? ClosedPipeException.class : IOException.class);
    }
  }
}
