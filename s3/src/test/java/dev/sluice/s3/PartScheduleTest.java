package dev.sluice.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The part schedule's arithmetic, up to 10,000 parts and 5 TiB, without uploading a byte. */
class PartScheduleTest {
  static final long MIB = 1L << 20;
  static final long GIB = 1L << 30;
  static final long TIB = 1L << 40;

  /** The defaults reach 5 TiB in 10,000 parts, as the table in the class doc says. */
  @Test
  void defaultScheduleMatchesItsDocumentation() {
    var schedule = PartSchedule.of(8 * MIB, 5 * TIB);

    assertThat(schedule.stride()).isEqualTo(1_089);
    assertThat(schedule.partSize(1)).isEqualTo(8 * MIB);
    assertThat(schedule.partSize(1_089)).isEqualTo(8 * MIB);
    assertThat(schedule.partSize(1_090)).isEqualTo(16 * MIB);
    assertThat(schedule.partSize(2_179)).isEqualTo(32 * MIB);
    assertThat(schedule.partSize(9_802)).isEqualTo(4 * GIB);
    assertThat(schedule.partSize(10_000)).isEqualTo(4 * GIB);
    assertThat(schedule.capacity(1_089)).isEqualTo(1_089 * 8 * MIB);
    assertThat(schedule.capacity(2_178)).isEqualTo(1_089 * 24 * MIB);
    assertThat(schedule.capacity(10_000)).isGreaterThanOrEqualTo(5 * TIB);
  }

  /**
   * For every start and limit, the sizes never shrink, stay within S3's 5 MiB..5 GiB (from a 5 MiB
   * start), sum to the limit within 10,000 parts, and the stride is the largest that does.
   */
  @ParameterizedTest(name = "first {0} MiB, limit {1} GiB")
  @CsvSource({
    "5, 5120",
    "8, 5120",
    "16, 5120",
    "64, 5120",
    "100, 5120",
    "1024, 5120",
    "5120, 5120",
    "8, 1",
    "8, 78",
    "8, 79",
    "8, 10240",
    "8, 48000",
    "5, 49000"
  })
  void scheduleReachesTheLimitWithTheLongestStride(long firstMib, long limitGib) {
    long limit = limitGib * GIB;
    var schedule = PartSchedule.of(firstMib * MIB, limit);

    long total = 0;
    long previous = 0;
    for (int n = 1; n <= PartSchedule.MAX_PARTS; n++) {
      long size = schedule.partSize(n);
      assertThat(size).isGreaterThanOrEqualTo(previous).isBetween(5 * MIB, 5 * GIB);
      total += size;
      previous = size;
    }
    assertThat(total)
        .isEqualTo(schedule.capacity(PartSchedule.MAX_PARTS))
        .isGreaterThanOrEqualTo(limit);
    if (schedule.stride() < PartSchedule.MAX_PARTS) {
      assertThat(
              PartSchedule.capacity(firstMib * MIB, schedule.stride() + 1, PartSchedule.MAX_PARTS))
          .isLessThan(limit);
    }
  }

  /** A fixed 8 MiB part size holds 78 GiB; the schedule keeps 8 MiB parts only as long as safe. */
  @Test
  void smallLimitKeepsOnePartSize() {
    var schedule = PartSchedule.of(8 * MIB, 78 * GIB);

    assertThat(schedule.stride()).isEqualTo(PartSchedule.MAX_PARTS);
    assertThat(schedule.partSize(10_000)).isEqualTo(8 * MIB);
  }

  /** No schedule of 10,000 parts of at most 5 GiB holds more than about 48.8 TiB. */
  @Test
  void unreachableLimitIsRefused() {
    assertThatThrownBy(() -> PartSchedule.of(8 * MIB, 49 * TIB))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxObjectSize > 10,000 parts of at most 5 GiB: " + 49 * TIB);
  }

  /** A size hint starts with parts big enough that the hinted size takes at most 2,000 parts. */
  @Test
  void sizeHintPicksTheFirstPartSize() {
    assertThat(PartSchedule.firstPartSize(8 * MIB, 0)).isEqualTo(8 * MIB);
    assertThat(PartSchedule.firstPartSize(8 * MIB, GIB)).isEqualTo(8 * MIB);
    assertThat(PartSchedule.firstPartSize(8 * MIB, 100 * GIB)).isEqualTo(52 * MIB);
    assertThat(PartSchedule.firstPartSize(8 * MIB, 20 * TIB)).isEqualTo(5 * GIB);
    var hinted = PartSchedule.of(PartSchedule.firstPartSize(8 * MIB, 100 * GIB), 5 * TIB);
    assertThat(hinted.capacity(2_000)).isGreaterThanOrEqualTo(100 * GIB);
  }

  /** Part numbers outside 1..10,000 do not exist. */
  @Test
  void partNumbersAreOneToTenThousand() {
    var schedule = PartSchedule.of(8 * MIB, 5 * TIB);

    assertThatThrownBy(() -> schedule.partSize(0)).hasMessage("part number not in [1, 10000]: 0");
    assertThatThrownBy(() -> schedule.partSize(10_001))
        .hasMessage("part number not in [1, 10000]: 10001");
  }
}
