package dev.sluice.core.source;

import java.util.Objects;

/**
 * The CSV a format will write, as far as a source needs to know it to offer {@link CsvFields}: the
 * delimiter and the text of a NULL field. Quotes are always {@code "}, doubled inside a field.
 *
 * @param delimiter the field separator, one ASCII character
 * @param nullText the text of a NULL field, written unquoted; a value equal to it is quoted
 */
public record CsvDialect(char delimiter, String nullText) {
  public CsvDialect {
    Objects.requireNonNull(nullText, "nullText");
    if (delimiter > 0x7f) {
      throw new IllegalArgumentException("delimiter is not ASCII: " + (int) delimiter);
    }
  }
}
