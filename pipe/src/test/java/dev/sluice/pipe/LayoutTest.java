package dev.sluice.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * The cache-line layout that Layout promises, checked against the offsets this JVM gives the fields
 * (JOL reads them): in a Handoff and every part of it, fields of two different groups are at least
 * a line apart, and every group is a line away from both ends of its object, whatever the object's
 * address and whatever the heap puts beside it; the Handoff's references are only ever read; the
 * two locks' states are a line apart.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LayoutTest {
  private static final int LINE = 64;

  /** A field of a part, its group being the class of the chain that declares it. */
  record Placed(String group, String name, long offset, long size) {}

  /** The fields of Handoff and of its superclasses: its references to its parts, and padding. */
  private static List<Field> handoffFields() {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = Handoff.class; c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) && !f.getName().matches("p\\d+|hole\\d*")) {
          fields.add(f);
        }
      }
    }
    return fields;
  }

  /** The types Handoff refers to other than the locks: the parts it is composed of. */
  private static Set<Class<?>> parts() {
    Set<Class<?>> parts = new LinkedHashSet<>();
    for (Field f : handoffFields()) {
      if (f.getType() != Mutex.class) {
        parts.add(f.getType());
      }
    }
    return parts;
  }

  /** Handoff and its parts: every object whose layout Layout arranges. */
  private static List<Class<?>> padded() {
    List<Class<?>> padded = new ArrayList<>(parts());
    padded.add(Handoff.class);
    return padded;
  }

  private static List<Placed> groupFields(Class<?> part) {
    List<Placed> fields = new ArrayList<>();
    for (FieldLayout f : ClassLayout.parseClass(part).fields()) {
      if (f.name().matches("p\\d+")) {
        continue;
      }
      String holder = f.classShortName();
      int dot = Math.max(holder.lastIndexOf('.'), holder.lastIndexOf('$'));
      String group = holder.substring(dot + 1);
      fields.add(new Placed(group, f.name(), f.offset(), f.size()));
    }
    return fields;
  }

  /** Handoff is composed of the offer, the request, the two waits and the closes. */
  @Test
  void handoffIsComposedOfItsParts() {
    assertThat(parts())
        .containsExactlyInAnyOrder(Offer.class, Request.class, Wait.class, Closes.class);
  }

  /** No field of a part shares a cache line with a field of another group of that part. */
  @Test
  void groupsSitOnLinesOfTheirOwn() {
    List<Placed> all = new ArrayList<>();
    for (Class<?> part : padded()) {
      List<Placed> fields = groupFields(part);
      all.addAll(fields);
      for (var a : fields) {
        for (var b : fields) {
          if (!a.group().equals(b.group()) && a.offset() < b.offset()) {
            assertThat(b.offset() - (a.offset() + a.size()))
                .as(
                    "%s: %s (%s, at %d) to %s (%s, at %d)",
                    part.getSimpleName(),
                    a.name(),
                    a.group(),
                    a.offset(),
                    b.name(),
                    b.group(),
                    b.offset())
                .isGreaterThanOrEqualTo(LINE);
          }
        }
      }
    }
    assertThat(all)
        .extracting(Placed::name)
        .contains(
            "state",
            "done",
            "full",
            "taken",
            "given",
            "withdrawing",
            "posts",
            "spinNanos",
            "nanos",
            "thread",
            "reader",
            "writer",
            "offer",
            "writeLock");
    assertThat(all)
        .extracting(Placed::group)
        .contains(
            "OfferWord",
            "OfferDone",
            "RequestWord",
            "RequestFull",
            "WaitOwn",
            "WaitParked",
            "ClosesErrors",
            "HandoffParts");
  }

  /**
   * Every group of Handoff and of its parts is a line away from both ends of its object, so that no
   * field of another object (another part, a caller's array or counter) shares its line, wherever
   * the heap puts the objects.
   */
  @Test
  void groupsSitALineAwayFromTheirObjectsEnds() {
    for (Class<?> part : padded()) {
      long size = ClassLayout.parseClass(part).instanceSize();
      for (var f : groupFields(part)) {
        assertThat(f.offset())
            .as("%s.%s at %d from the object's start", part.getSimpleName(), f.name(), f.offset())
            .isGreaterThanOrEqualTo(LINE);
        assertThat(size - (f.offset() + f.size()))
            .as("%s.%s at %d, object of %d", part.getSimpleName(), f.name(), f.offset(), size)
            .isGreaterThanOrEqualTo(LINE);
      }
    }
  }

  /**
   * Handoff's references to its parts are all final: written once, when the pipe opens, so their
   * line is only ever read.
   */
  @Test
  void handoffReferencesAreFinal() {
    assertThat(handoffFields()).hasSize(7);
    for (Field f : handoffFields()) {
      assertThat(Modifier.isFinal(f.getModifiers())).as(f.getName()).isTrue();
    }
  }

  /** A lock's state has a line of padding after it, so two locks allocated together never share. */
  @Test
  void lockStateIsFollowedByALine() {
    var layout = ClassLayout.parseClass(Mutex.class);
    long state =
        layout.fields().stream()
            .filter(f -> f.name().equals("state"))
            .findFirst()
            .orElseThrow()
            .offset();
    assertThat(layout.instanceSize() - (state + 4)).isGreaterThanOrEqualTo(LINE);
  }
}
