package dev.sluice.core.source.jdbc;

import java.sql.SQLException;
import java.util.Arrays;

/**
 * Rows from the output of PostgreSQL's {@code COPY (query) TO STDOUT} in text format: one line per
 * row ended by {@code \n}, columns separated by tabs, NULL as {@code \N}, and in values the
 * backslash escapes {@code \\ \b \f \n \r \t \v}, {@code \NNN} octal and {@code \xHH}. Each value
 * is otherwise the type's text output, the same bytes pgjdbc's {@code getBytes} returns for a
 * text-format column, so the same cells take it, without a copy. The server sends one row per
 * message, but a row split across chunks is put together here all the same.
 */
final class PgCopyRows extends JdbcRows {
  private final PgCopy.Chunks chunks;
  private final Cell[] cells;
  private final int columns;

  /** The current chunk, and where its next row starts. */
  private byte[] chunk;

  private int pos;

  /** A row that spans chunks, put together. */
  private byte[] carry = new byte[256];

  private int carried;

  /** The current row's bytes and each field's bounds in them. */
  private byte[] row;

  private final int[] start;
  private final int[] end;
  private final boolean[] escaped;

  /** The unescaped values of the current row, one after the other. */
  private byte[] scratch = new byte[256];

  private int used;

  PgCopyRows(PgCopy.Chunks chunks, Columns columns, Failure failure) {
    super(columns, failure);
    this.chunks = chunks;
    this.cells = columns.cells();
    int n = cells.length;
    this.columns = n;
    this.start = new int[n];
    this.end = new int[n];
    this.escaped = new boolean[n];
  }

  @Override
  boolean advance() throws SQLException {
    while (true) {
      byte[] chunk = this.chunk;
      if (chunk == null || pos == chunk.length) {
        chunk = chunks.next();
        if (chunk == null) {
          if (carried > 0) {
            throw new SQLException("COPY output ended inside a row");
          }
          this.chunk = null;
          return false;
        }
        this.chunk = chunk;
        pos = 0;
        continue;
      }
      // One pass over the row's bytes finds its fields and its end together.
      int nl = carried == 0 ? split(chunk, pos, chunk.length, false) : indexOf(chunk, pos);
      if (nl < 0) {
        append(chunk, pos, chunk.length);
        pos = chunk.length;
        continue;
      }
      if (carried > 0) {
        append(chunk, pos, nl);
        split(carry, 0, carried, true);
        carried = 0;
      }
      pos = nl + 1;
      take();
      return true;
    }
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(byte[] b, int from, int to) {
    int n = to - from;
    if (carried + n > carry.length) {
      carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carried + n));
    }
    System.arraycopy(b, from, carry, carried, n);
    carried += n;
  }

  /**
   * Finds the fields of the row that starts at {@code b[from]} and ends at the first newline before
   * {@code to}, or at {@code to} when {@code whole} (then {@code b[from, to)} holds no newline).
   * Returns the index where the row ends; or -1 when it is not {@code whole} and has no newline: it
   * goes on in the next chunk, and its fields are found once it is put together.
   */
  private int split(byte[] b, int from, int to, boolean whole) throws SQLException {
    row = b;
    int c = 0;
    int s = from;
    boolean esc = false;
    int i = from;
    for (; i < to; i++) {
      byte x = b[i];
      if (x == '\t') {
        if (c == columns - 1) {
          throw fields();
        }
        start[c] = s;
        end[c] = i;
        escaped[c++] = esc;
        s = i + 1;
        esc = false;
      } else if (x == '\\') {
        esc = true;
        // The escaped byte is never a separator (PostgreSQL never escapes a newline this way,
        // and the newline would end the row all the same).
        if (i + 1 < to && b[i + 1] != '\n') {
          i++;
        }
      } else if (x == '\n') {
        break;
      }
    }
    if (i >= to) {
      if (!whole) {
        return -1;
      }
      i = to;
    }
    if (c != columns - 1) {
      throw fields();
    }
    start[c] = s;
    end[c] = i;
    escaped[c] = esc;
    return i;
  }

  private SQLException fields() {
    return new SQLException("COPY row does not have " + columns + " columns");
  }

  /** Hands each field of the current row to its cell: the row's own bytes unless escaped. */
  private void take() {
    byte[] row = this.row;
    Cell[] cells = this.cells;
    used = 0;
    for (int c = 0; c < cells.length; c++) {
      int s = start[c];
      int e = end[c];
      if (!escaped[c]) {
        cells[c].take(row, s, e - s);
      } else if (e - s == 2 && row[s] == '\\' && row[s + 1] == 'N') {
        cells[c].value.setNull();
      } else {
        int from = used;
        unescape(row, s, e);
        cells[c].take(scratch, from, used - from);
      }
    }
  }

  /**
   * Appends the value in {@code b[s, e)} with its backslash escapes undone, as PostgreSQL reads
   * them, to {@link #scratch} from {@link #used} on. When it grows, the values already taken keep
   * the old array, which nothing writes to any more.
   */
  private void unescape(byte[] b, int s, int e) {
    if (scratch.length - used < e - s) {
      scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, used + e - s));
    }
    byte[] out = scratch;
    int n = used;
    for (int i = s; i < e; i++) {
      byte x = b[i];
      if (x != '\\' || i + 1 == e) {
        out[n++] = x;
        continue;
      }
      x = b[++i];
      switch (x) {
        case 'b' -> out[n++] = '\b';
        case 'f' -> out[n++] = '\f';
        case 'n' -> out[n++] = '\n';
        case 'r' -> out[n++] = '\r';
        case 't' -> out[n++] = '\t';
        case 'v' -> out[n++] = 0x0b;
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          int v = x - '0';
          for (int k = 0; k < 2 && i + 1 < e && b[i + 1] >= '0' && b[i + 1] <= '7'; k++) {
            v = v * 8 + (b[++i] - '0');
          }
          out[n++] = (byte) v;
        }
        case 'x' -> {
          int v = 0;
          int digits = 0;
          while (digits < 2 && i + 1 < e && Character.digit(b[i + 1], 16) >= 0) {
            v = v * 16 + Character.digit(b[++i], 16);
            digits++;
          }
          out[n++] = digits == 0 ? (byte) 'x' : (byte) v;
        }
        default -> out[n++] = x;
      }
    }
    used = n;
  }
}
