package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.Elements;
import dev.sluice.core.source.Kind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * A PostgreSQL array of numbers, booleans or strings, taken apart straight from its text form
 * ({@code {1,NULL,3}}, {@code {"a b",c}}, {@code {{1,2},{3,4}}}) as a format reads its {@link
 * Elements}: no {@code java.sql.Array}, no boxed elements, and unquoted elements are not even
 * copied. Multi-dimensional arrays nest; a lower bound other than 1 ({@code [0:1]={1,2}}) is
 * dropped. Arrays of other element types take the generic {@code getArray} path.
 */
final class PgArray extends TextCells.Raw {
  private final Text elements;

  private PgArray(Kind elementKind) {
    super(Kind.ARRAY);
    this.elements = new Text(elementKind);
  }

  /** The cell for an array type name such as {@code _int4}, or null for other elements. */
  static Cell cell(String type) {
    return switch (type) {
      case "_int2", "_int4", "_int8", "_oid" -> new PgArray(Kind.INTEGER);
      case "_numeric" -> new PgArray(Kind.DECIMAL);
      case "_float4", "_float8" -> new PgArray(Kind.FLOAT);
      case "_bool" -> new PgArray(Kind.BOOLEAN);
      case "_text", "_varchar", "_bpchar", "_name", "_uuid", "_citext" -> new PgArray(Kind.STRING);
      default -> null;
    };
  }

  @Override
  void read(ResultSet rs, int i) throws SQLException {
    byte[] v = rs.getBytes(i);
    if (v == null) {
      value.setNull();
    } else {
      take(v, 0, v.length);
    }
  }

  @Override
  void take(byte[] b, int off, int len) {
    elements.reset(b, off, off + len);
    value.setElements(elements);
  }

  /** The tokens of one array's text, found as they are asked for. */
  private static final class Text extends Elements {
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private final Kind kind;

    /** The array's text, {@code v[p, end)} still to read, and how deep in nested lists. */
    private byte[] v;

    private int p;
    private int end;
    private int depth;
    private boolean done;

    /** The current value's text. */
    private byte[] bytes;

    private int offset;
    private int length;

    /** A quoted element, unescaped. */
    private byte[] quoted = new byte[64];

    Text(Kind kind) {
      this.kind = kind;
    }

    void reset(byte[] b, int from, int to) {
      if (v != b) {
        v = b; // Only a new array is stored: a reference store costs a GC barrier.
      }
      p = from;
      end = to;
      depth = 0;
      done = false;
      if (b[from] == '[') {
        while (b[p] != '=') {
          p++;
        }
        p++;
      }
    }

    @Override
    public Kind kind() {
      return kind;
    }

    @Override
    public int next() {
      if (done) {
        return DONE;
      }
      byte[] v = this.v;
      int p = this.p;
      byte c = v[p];
      if (c == '{') {
        this.p = p + 1;
        depth++;
        return START;
      }
      if (c == '}') {
        if (--depth == 0) {
          done = true;
        } else {
          this.p = skipComma(v, p + 1);
        }
        return END;
      }
      int type = c == '"' ? quoted(v, p) : unquoted(v, p);
      this.p = skipComma(v, this.p);
      return type;
    }

    private int skipComma(byte[] v, int p) {
      return p < end && v[p] == ',' ? p + 1 : p;
    }

    private int unquoted(byte[] v, int start) {
      int p = start;
      while (v[p] != ',' && v[p] != '}') {
        p++;
      }
      this.p = p;
      int len = p - start;
      if (len == 4
          && (v[start] == 'N' || v[start] == 'n')
          && (v[start + 1] | 0x20) == 'u'
          && (v[start + 2] | 0x20) == 'l'
          && (v[start + 3] | 0x20) == 'l') {
        return NULL;
      }
      if (kind == Kind.BOOLEAN) {
        set(v[start] == 't' ? TRUE : FALSE, 0, v[start] == 't' ? 4 : 5);
      } else {
        set(v, start, len);
      }
      return VALUE;
    }

    /** A quoted element is always a string here: unescapes it into {@link #quoted}. */
    private int quoted(byte[] v, int at) {
      int p = at + 1;
      int n = 0;
      byte[] out = quoted;
      while (v[p] != '"') {
        if (v[p] == '\\') {
          p++;
        }
        if (n == out.length) {
          out = quoted = Arrays.copyOf(out, n * 2);
        }
        out[n++] = v[p++];
      }
      this.p = p + 1;
      set(out, 0, n);
      return VALUE;
    }

    private void set(byte[] b, int off, int len) {
      if (bytes != b) {
        bytes = b;
      }
      offset = off;
      length = len;
    }

    @Override
    public byte[] bytes() {
      return bytes;
    }

    @Override
    public int offset() {
      return offset;
    }

    @Override
    public int length() {
      return length;
    }
  }
}
