package dev.sluice.core.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The day count PostgreSQL's instants in other zones are computed with. */
class EpochDayProperties {
  @Property(tries = 500)
  void epochDaysAreJavaTimes(@ForAll @LongRange(min = -1_000_000, max = 3_000_000) long epochDay) {
    LocalDate d = LocalDate.ofEpochDay(epochDay);
    assertThat(PgTemporal.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
        .isEqualTo(epochDay);
  }
}
