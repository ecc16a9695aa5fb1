package dev.sluice.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * The cache-line layout HandoffLayout promises, checked against the offsets this JVM gives the
 * fields (JOL reads them): fields of two different groups are at least a line apart, whatever the
 * object's address, and so are the two locks' states.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandoffLayoutTest {
  private static final int LINE = 64;

  private static final Map<String, String> GROUP_OF_CLASS =
      Map.of(
          "Offer", "offer",
          "Request", "request",
          "FullSignal", "full signal",
          "DoneSignal", "done signal",
          "WriterSide", "writer",
          "ReaderSide", "reader",
          "Rare", "rare",
          "HandoffBase", "rare");

  /** No field shares a cache line with a field of another group. */
  @Test
  void groupsSitOnLinesOfTheirOwn() {
    record Placed(String group, String name, long offset, long size) {}
    List<Placed> fields = new ArrayList<>();
    for (FieldLayout f : ClassLayout.parseClass(Handoff.class).fields()) {
      String holder = f.classShortName();
      String simple = holder.substring(holder.lastIndexOf('.') + 1);
      String group = GROUP_OF_CLASS.get(simple.substring(simple.lastIndexOf('$') + 1));
      if (group != null) {
        fields.add(new Placed(group, f.name(), f.offset(), f.size()));
      }
    }
    assertThat(fields).extracting(Placed::name)
        .contains("offerState", "request", "requestFull", "offerDone", "bytesGiven", "bytesTaken",
            "readerError", "writeLock");
    for (var a : fields) {
      for (var b : fields) {
        if (!a.group().equals(b.group()) && a.offset() < b.offset()) {
          assertThat(b.offset() - (a.offset() + a.size()))
              .as("%s (%s, at %d) to %s (%s, at %d)", a.name(), a.group(), a.offset(), b.name(),
                  b.group(), b.offset())
              .isGreaterThanOrEqualTo(LINE);
        }
      }
    }
  }

  /** A lock's state has a line of padding after it, so two locks allocated together never share. */
  @Test
  void lockStateIsFollowedByALine() {
    var layout = ClassLayout.parseClass(HandoffLayout.Mutex.class);
    long state =
        layout.fields().stream().filter(f -> f.name().equals("state")).findFirst().orElseThrow()
            .offset();
    assertThat(layout.instanceSize() - (state + 4)).isGreaterThanOrEqualTo(LINE);
  }
}
