package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.CsvDialect;
import dev.sluice.core.source.CsvFields;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Rows from the output of PostgreSQL's {@code COPY (query) TO STDOUT (FORMAT csv, DELIMITER d, NULL
 * n)}: one line per row ended by {@code \n}, fields separated by the delimiter, NULL as the NULL
 * text unquoted, and a field in quotes, its quotes doubled, when it holds the delimiter, a quote,
 * CR or LF, or equals the NULL text ({@code CopyAttributeOutCSV} in PostgreSQL's {@code copyto.c}).
 * That is the quoting of {@link CsvFields}, so the verbatim columns' fields are handed out as they
 * came. The one rule PostgreSQL adds, a lone {@code \.} quoted when the result has one column, is
 * kept away by {@link PgCopy#csv}: a single column never comes this way.
 *
 * <p>A field's unquoted text is the type's text output, the same bytes COPY's text format gives
 * once unescaped, so the cells take it as they take those. The server sends one row per message; a
 * row split across chunks is put together here all the same, though its end is searched again from
 * its start as each chunk comes (quotes decide where it ends).
 */
final class PgCsvRows extends JdbcRows implements CsvFields {
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LOWS = 0x7f7f7f7f7f7f7f7fL;
  private static final long QUOTES = '"' * ONES;
  private static final long NEWLINES = '\n' * ONES;

  private final PgCopy.Chunks chunks;
  private final Cell[] cells;
  private final int columns;
  private final CsvDialect dialect;
  private final byte delimiter;
  private final byte[] nullText;

  /** The columns whose values are not filled: the caller reads their fields. */
  private final boolean[] claimed;

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

  /** The unquoted values of the current row that held doubled quotes, one after the other. */
  private byte[] scratch = new byte[256];

  private int used;

  PgCsvRows(PgCopy.Chunks chunks, Columns columns, CsvDialect dialect, Failure failure) {
    super(columns, failure);
    this.chunks = chunks;
    this.cells = columns.cells();
    this.columns = cells.length;
    this.dialect = dialect;
    this.delimiter = (byte) dialect.delimiter();
    this.nullText = dialect.nullText().getBytes(StandardCharsets.UTF_8);
    this.claimed = new boolean[this.columns];
    this.start = new int[this.columns];
    this.end = new int[this.columns];
  }

  @Override
  public CsvFields csvFields(CsvDialect dialect) {
    return this.dialect.equals(dialect) ? this : null;
  }

  @Override
  public boolean verbatim(int i) {
    return cells[i].verbatim();
  }

  @Override
  public void claim(int i) {
    if (!verbatim(i)) {
      throw new IllegalArgumentException("column " + i + " is not verbatim");
    }
    claimed[i] = true;
  }

  @Override
  public byte[] bytes() {
    return row;
  }

  @Override
  public int start(int i) {
    return start[i];
  }

  @Override
  public int end(int i) {
    return end[i];
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
      if (carried == 0) {
        int nl = split(chunk, pos, chunk.length);
        if (nl >= 0) {
          pos = nl + 1;
          take();
          return true;
        }
      }
      append(chunk, pos, chunk.length);
      pos = chunk.length;
      int nl = split(carry, 0, carried);
      if (nl >= 0) {
        // What follows the row's end is the next rows: they go on as the current chunk.
        this.chunk = Arrays.copyOfRange(carry, nl + 1, carried);
        pos = 0;
        carried = 0;
        take();
        return true;
      }
    }
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
   * Finds the fields of the row that starts at {@code b[from]} and ends at the first newline
   * outside quotes before {@code to}. Returns the index of that newline, or -1 when there is none:
   * the row goes on in the next chunk.
   *
   * <p>Eight bytes at a time: a typical row has a quote, delimiter or newline every five bytes or
   * so, and a loop that branched on each byte's kind spent most of its time on mispredicted
   * branches. Each word gives a mask of its quotes; their prefix XOR, carried from word to word,
   * marks the bytes inside quotes (a doubled quote turns it off and on again), and the delimiters
   * and newlines outside them are visited one set bit at a time. The last few bytes go one at a
   * time with the same state.
   */
  private int split(byte[] b, int from, int to) throws SQLException {
    byte d = delimiter;
    long delimiters = (d & 0xff) * ONES;
    int last = columns - 1;
    int c = 0;
    int s = from;
    // -1 when the byte before i is inside quotes, else 0.
    long inside = 0;
    int i = from;
    for (; i <= to - Long.BYTES; i += Long.BYTES) {
      long w = (long) WORDS.get(b, i);
      long q = equal(w, QUOTES);
      q ^= q << 8;
      q ^= q << 16;
      q ^= q << 32;
      q ^= inside & HIGHS;
      inside = q >> 63;
      long ends = (equal(w, delimiters) | equal(w, NEWLINES)) & ~q;
      while (ends != 0) {
        int at = i + (Long.numberOfTrailingZeros(ends) >>> 3);
        ends &= ends - 1;
        if (b[at] == '\n') {
          return rowEnd(b, c, s, at);
        }
        if (c == last) {
          throw fields();
        }
        start[c] = s;
        end[c++] = at;
        s = at + 1;
      }
    }
    boolean quoted = inside != 0;
    for (; i < to; i++) {
      byte x = b[i];
      if (x == '"') {
        quoted = !quoted;
      } else if (quoted) {
        continue;
      } else if (x == d) {
        if (c == last) {
          throw fields();
        }
        start[c] = s;
        end[c++] = i;
        s = i + 1;
      } else if (x == '\n') {
        return rowEnd(b, c, s, i);
      }
    }
    return -1;
  }

  /** Ends the row at the newline {@code b[at]}, whose last field, the {@code c}th, starts at s. */
  private int rowEnd(byte[] b, int c, int s, int at) throws SQLException {
    if (c != columns - 1) {
      throw fields();
    }
    start[c] = s;
    end[c] = at;
    row = b;
    return at;
  }

  /** The high bit of each byte of {@code w} that equals the byte repeated in {@code pattern}. */
  private static long equal(long w, long pattern) {
    long x = w ^ pattern;
    // A byte's low seven bits plus 0x7f carry into its high bit unless all are zero; no carry
    // crosses into the next byte, so only bytes that are zero in x keep a zero high bit.
    return ~(((x & LOWS) + LOWS) | x | LOWS);
  }

  private SQLException fields() {
    return new SQLException("COPY row does not have " + columns + " columns");
  }

  /** Hands each unclaimed field of the current row to its cell, unquoted. */
  private void take() {
    byte[] row = this.row;
    Cell[] cells = this.cells;
    byte[] nul = nullText;
    used = 0;
    for (int c = 0; c < cells.length; c++) {
      if (claimed[c]) {
        continue;
      }
      int s = start[c];
      int e = end[c];
      if (e > s && row[s] == '"') {
        unquote(cells[c], row, s + 1, e - 1);
      } else if (e - s == nul.length && Arrays.equals(row, s, e, nul, 0, nul.length)) {
        cells[c].value.setNull();
      } else {
        cells[c].take(row, s, e - s);
      }
    }
  }

  /** Hands {@code b[s, e)}, the inside of a quoted field, to {@code cell} with quotes undoubled. */
  private void unquote(Cell cell, byte[] b, int s, int e) {
    int q = s;
    while (q < e && b[q] != '"') {
      q++;
    }
    if (q == e) {
      cell.take(b, s, e - s);
      return;
    }
    if (scratch.length - used < e - s) {
      scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, used + e - s));
    }
    byte[] out = scratch;
    int from = used;
    int n = used;
    for (int i = s; i < e; i++) {
      out[n++] = b[i];
      if (b[i] == '"') {
        i++; // The second quote of a pair.
      }
    }
    used = n;
    cell.take(out, from, n - from);
  }
}
