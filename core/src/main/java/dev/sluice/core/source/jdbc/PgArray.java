package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.Elements;
import dev.sluice.core.source.Kind;
import java.util.Arrays;

/**
 * A PostgreSQL array of numbers, booleans or strings, taken apart straight from its text form
 * ({@code {1,NULL,3}}, {@code {"a b",c}}, {@code {{1,2},{3,4}}}) into {@link Elements}: no {@code
 * java.sql.Array}, no boxed elements, and unquoted elements are not even copied. Multi-dimensional
 * arrays nest; a lower bound other than 1 ({@code [0:1]={1,2}}) is dropped. Arrays of other element
 * types take the generic {@code getArray} path.
 */
final class PgArray extends TextCells.Raw {
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

  private final Kind elementKind;
  /** The unescaped text of the current row's quoted elements, one after the other. */
  private byte[] quoted = new byte[64];
  private int used;
  private byte[] v;
  private int p;

  private PgArray(Kind elementKind) {
    super(Kind.ARRAY);
    this.elementKind = elementKind;
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
  void take(byte[] b, int off, int len) {
    Elements out = value.setElements(elementKind);
    v = b;
    p = off;
    used = 0;
    if (b[p] == '[') {
      while (b[p] != '=') {
        p++;
      }
      p++;
    }
    array(out);
    v = null;
  }

  /** Takes the array at {@code p}, which is at its {@code '{'}, and moves past its {@code '}'}. */
  private void array(Elements out) {
    byte[] v = this.v;
    p++;
    out.start();
    if (v[p] == '}') {
      p++;
      out.end();
      return;
    }
    while (true) {
      if (v[p] == '{') {
        array(out);
      } else if (v[p] == '"') {
        quoted(out);
      } else {
        unquoted(out);
      }
      if (v[p++] == '}') {
        break;
      }
    }
    out.end();
  }

  private void unquoted(Elements out) {
    byte[] v = this.v;
    int start = p;
    while (v[p] != ',' && v[p] != '}') {
      p++;
    }
    int len = p - start;
    if (len == 4 && (v[start] == 'N' || v[start] == 'n')
        && (v[start + 1] | 0x20) == 'u' && (v[start + 2] | 0x20) == 'l'
        && (v[start + 3] | 0x20) == 'l') {
      out.addNull();
    } else if (elementKind == Kind.BOOLEAN) {
      byte[] b = v[start] == 't' ? TRUE : FALSE;
      out.add(b, 0, b.length);
    } else {
      out.add(v, start, len);
    }
  }

  /**
   * A quoted element is always a string here: unescapes it into {@link #quoted}. When that grows,
   * the elements already taken keep the old array, which nothing writes to any more.
   */
  private void quoted(Elements out) {
    byte[] v = this.v;
    p++;
    int start = used;
    int n = used;
    while (v[p] != '"') {
      if (v[p] == '\\') {
        p++;
      }
      if (n == quoted.length) {
        quoted = Arrays.copyOf(quoted, n * 2);
      }
      quoted[n++] = v[p++];
    }
    p++;
    used = n;
    out.add(quoted, start, n - start);
  }
}
