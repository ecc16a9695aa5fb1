package dev.sluice.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link UploadPlan}: the schedule, part counts and memory an upload will have. */
class UploadPlanTest {
  private static final long MIB = 1L << 20;

  private static UploadPlan defaults() {
    return S3Sink.builder(S3Location.parse("s3://b/k")).build().plan();
  }

  @Test
  void defaultStepsDoubleEveryStrideUpToTheLastPart() {
    var steps = defaults().steps();

    assertThat(steps.getFirst())
        .isEqualTo(new UploadPlan.Step(1, 1089, 8 * MIB, 1089 * 8 * MIB, 4));
    assertThat(steps.get(1).firstPart()).isEqualTo(1090);
    assertThat(steps.get(1).partSize()).isEqualTo(16 * MIB);
    assertThat(steps.getLast().lastPart()).isEqualTo(UploadPlan.MAX_PARTS);
    assertThat(steps.getLast().bytesThrough()).isEqualTo(defaults().maxObjectSize());
    assertThat(defaults().maxObjectSize()).isGreaterThanOrEqualTo(5L << 40);
    // Each step starts where the last ended, at twice its size.
    for (int i = 1; i < steps.size(); i++) {
      assertThat(steps.get(i).firstPart()).isEqualTo(steps.get(i - 1).lastPart() + 1);
      assertThat(steps.get(i).partSize()).isEqualTo(2 * steps.get(i - 1).partSize());
    }
  }

  @Test
  void memoryIsTheBuffersThatFitTheBudget() {
    var steps = defaults().steps();

    // 4 x 8 MiB while parts are small, 256 MiB from 64 MiB parts on, temp files past the budget.
    assertThat(steps.get(0).memory()).isEqualTo(32 * MIB);
    assertThat(steps.get(3).partSize()).isEqualTo(64 * MIB);
    assertThat(steps.get(3).memory()).isEqualTo(256 * MIB);
    assertThat(steps.get(3).buffers()).isEqualTo(4);
    assertThat(steps.get(5).partSize()).isEqualTo(256 * MIB);
    assertThat(steps.get(5).buffers()).isEqualTo(1);
    assertThat(steps.get(6).onDisk()).isTrue();
  }

  @Test
  void partsCountTheScheduleFromTheFirstPart() {
    var plan = defaults();

    assertThat(plan.parts(1)).isEqualTo(1);
    assertThat(plan.singleRequest(8 * MIB - 1)).isTrue();
    assertThat(plan.parts(8 * MIB + 1)).isEqualTo(2);
    assertThat(plan.parts(1089 * 8 * MIB)).isEqualTo(1089);
    assertThat(plan.parts(1089 * 8 * MIB + 1)).isEqualTo(1090);
    assertThat(plan.parts(plan.maxObjectSize())).isEqualTo(UploadPlan.MAX_PARTS);
    assertThat(plan.parts(plan.maxObjectSize() + 1)).isEqualTo(-1);
  }

  @Test
  void aSizeHintStartsWithLargerParts() {
    var plan =
        S3Sink.builder(S3Location.parse("s3://b/k"))
            .sizeHint(100L << 30)
            .maxMemory(64 * MIB)
            .build()
            .plan();

    assertThat(plan.firstPartSize()).isEqualTo(52 * MIB);
    assertThat(plan.parts(100L << 30)).isLessThanOrEqualTo(2000);
    assertThat(plan.steps().getFirst().buffers()).isEqualTo(1);
    assertThat(plan.maxMemory()).isEqualTo(64 * MIB);
  }
}
