package dev.sluice.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
  /** Below one KiB the count is exact, in bytes. */
  @Test
  void smallCountsAreBytes() {
    assertThat(ByteSize.format(0)).isEqualTo("0 B");
    assertThat(ByteSize.format(1023)).isEqualTo("1023 B");
  }

  /** Whole units drop the decimal; others keep one. */
  @Test
  void wholeUnitsDropTheDecimal() {
    assertThat(ByteSize.format(1024)).isEqualTo("1 KiB");
    assertThat(ByteSize.format(8L << 20)).isEqualTo("8 MiB");
    assertThat(ByteSize.format(1536)).isEqualTo("1.5 KiB");
    assertThat(ByteSize.format(220_500_000)).isEqualTo("210.3 MiB");
    assertThat(ByteSize.format(5L << 40)).isEqualTo("5 TiB");
  }

  /** A count that would print as 1024.0 of a unit moves up to the next one. */
  @Test
  void neverPrints1024OfAUnit() {
    assertThat(ByteSize.format((1L << 20) - 1)).isEqualTo("1 MiB");
    assertThat(ByteSize.format(Long.MAX_VALUE)).isEqualTo("8 EiB");
  }
}
