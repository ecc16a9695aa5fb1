package dev.sluice.core.source;

/**
 * An optional capability of {@link Rows} ({@link Rows#csvFields}): some columns of the current row
 * as CSV fields already quoted, so that a CSV format can copy them instead of writing each value
 * again. A column is {@link #verbatim} when its {@link Value} is the database's text of the value
 * as it is ({@link Value.Form#TEXT}); its field is then that text quoted the way the {@link
 * CsvDialect} says: in quotes when it holds the delimiter, a quote, CR or LF, or equals the NULL
 * text, with quotes inside doubled; a NULL is the NULL text, unquoted. Whether that is what the
 * format would write for the column is the format's call.
 *
 * <p>The fields of the current row lie one after the other in {@link #bytes()}, each followed by
 * the delimiter but the last: the fields of columns {@code i} to {@code j} are the bytes from
 * {@code start(i)} to {@code end(j)}. They are valid until the next {@link Rows#next()}.
 */
public interface CsvFields {
  /** Whether column {@code i}'s field is its value's text, quoted; the same for every row. */
  boolean verbatim(int i);

  /**
   * Says that the caller reads verbatim column {@code i} from its field from now on: the rows then
   * stop filling its {@link Value}, which saves undoing the quoting. Call before the first row.
   *
   * @throws IllegalArgumentException if the column is not verbatim
   */
  void claim(int i);

  /** The bytes of the current row's fields. */
  byte[] bytes();

  /** Where column {@code i}'s field starts in {@link #bytes()}. */
  int start(int i);

  /** Where column {@code i}'s field ends in {@link #bytes()} (exclusive). */
  int end(int i);
}
