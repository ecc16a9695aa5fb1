package dev.sluice.core.format;

import java.io.IOException;
import java.util.Arrays;

/**
 * A PostgreSQL array of numbers, booleans or strings, written as a JSON array straight from its
 * text form ({@code {1,NULL,3}}, {@code {"a b",c}}, {@code {{1,2},{3,4}}}): no
 * {@code java.sql.Array}, no boxed elements. Multi-dimensional arrays nest; a lower bound other
 * than 1 ({@code [0:1]={1,2}}) is dropped. Arrays of other element types take the generic
 * {@code getArray} path. CSV gets the JSON text.
 */
final class PgArray extends TextCells.Raw {
  private enum Kind { DIGITS, NUM, BOOL, STRING }

  private final Kind kind;
  private final ByteWriter scratch = ByteWriter.growing();
  private byte[] element = new byte[64];
  private int p;

  private PgArray(Kind kind) {
    super("array");
    this.kind = kind;
  }

  /** The cell for an array type name such as {@code _int4}, or null for other elements. */
  static Cell cell(String type) {
    return switch (type) {
      case "_int2", "_int4", "_int8", "_oid" -> new PgArray(Kind.DIGITS);
      case "_numeric", "_float4", "_float8" -> new PgArray(Kind.NUM);
      case "_bool" -> new PgArray(Kind.BOOL);
      case "_text", "_varchar", "_bpchar", "_name", "_uuid", "_citext" -> new PgArray(Kind.STRING);
      default -> null;
    };
  }

  @Override
  void json(ByteWriter w) throws IOException {
    p = 0;
    if (v[0] == '[') {
      while (v[p] != '=') {
        p++;
      }
      p++;
    }
    array(w);
  }

  @Override
  void csv(CsvWriter w) throws IOException {
    scratch.reset();
    json(scratch);
    w.field(scratch.buf, 0, scratch.pos);
  }

  /** Writes the array at {@code p}, which is at its {@code '{'}, and moves past its {@code '}'}. */
  private void array(ByteWriter w) throws IOException {
    byte[] v = this.v;
    p++;
    w.write((byte) '[');
    if (v[p] == '}') {
      p++;
      w.write((byte) ']');
      return;
    }
    while (true) {
      if (v[p] == '{') {
        array(w);
      } else if (v[p] == '"') {
        quoted(w);
      } else {
        unquoted(w);
      }
      byte next = v[p++];
      if (next == '}') {
        break;
      }
      w.write((byte) ',');
    }
    w.write((byte) ']');
  }

  private void unquoted(ByteWriter w) throws IOException {
    byte[] v = this.v;
    int start = p;
    while (v[p] != ',' && v[p] != '}') {
      p++;
    }
    int len = p - start;
    if (len == 4 && (v[start] == 'N' || v[start] == 'n')
        && (v[start + 1] | 0x20) == 'u' && (v[start + 2] | 0x20) == 'l'
        && (v[start + 3] | 0x20) == 'l') {
      w.ascii("null");
      return;
    }
    switch (kind) {
      case DIGITS -> w.write(v, start, len);
      case NUM -> {
        byte first = v[len > 1 && v[start] == '-' ? start + 1 : start];
        if (first == 'N' || first == 'I') {
          w.write((byte) '"');
          w.write(v, start, len);
          w.write((byte) '"');
        } else {
          w.write(v, start, len);
        }
      }
      case BOOL -> w.ascii(v[start] == 't' ? "true" : "false");
      case STRING -> w.jsonStringUtf8(v, start, len);
    }
  }

  /** A quoted element is always a string here: unescapes it, then writes it as JSON. */
  private void quoted(ByteWriter w) throws IOException {
    byte[] v = this.v;
    p++;
    int n = 0;
    while (v[p] != '"') {
      if (v[p] == '\\') {
        p++;
      }
      if (n == element.length) {
        element = Arrays.copyOf(element, n * 2);
      }
      element[n++] = v[p++];
    }
    p++;
    w.jsonStringUtf8(element, 0, n);
  }
}
