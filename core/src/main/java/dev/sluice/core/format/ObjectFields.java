package dev.sluice.core.format;

import dev.sluice.core.source.Elements;
import dev.sluice.core.source.Kind;
import dev.sluice.core.source.Value;
import dev.sluice.core.source.Value.Form;
import java.io.IOException;

/** The fields of arrays and of values typed only per value, written by their Java class. */
final class ObjectFields {
  private ObjectFields() {}

  /**
   * An array as a JSON array, nested for multi-dimensional arrays, from its {@link Elements} or its
   * Java objects (through {@link ObjectWriter}); CSV gets the JSON text.
   */
  static final class Array extends Field {
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private final ByteWriter scratch = ByteWriter.growing();

    @Override
    Mapping jsonMapping(Kind kind) {
      return new Mapping("array", "a JSON array, each element by its type: [1,null,3]");
    }

    @Override
    Mapping csvMapping(Kind kind, FormatOptions options) {
      return new Mapping("array", "the JSON text of the array, " + quoting(options));
    }

    @Override
    void json(Value v, ByteWriter w) throws IOException {
      Form form = v.form();
      if (form == Form.ELEMENTS) {
        elements(v.elements(), w);
      } else if (form == Form.OBJECT) {
        ObjectWriter.json(w, v.object());
      } else {
        throw unexpected(v);
      }
    }

    @Override
    void csv(Value v, CsvWriter w) throws IOException {
      scratch.reset();
      json(v, scratch);
      w.field(scratch.buf, 0, scratch.pos);
    }

    private static void elements(Elements e, ByteWriter w) throws IOException {
      Kind kind = e.kind();
      boolean strings = kind != Kind.INTEGER && kind != Kind.BOOLEAN;
      boolean numbers = kind == Kind.DECIMAL || kind == Kind.FLOAT;
      int previous = Elements.START;
      for (int type = e.next(); type != Elements.DONE; type = e.next()) {
        if (type == Elements.VALUE) {
          if (previous != Elements.START) {
            w.write((byte) ',');
          }
          if (!strings) {
            w.write(e.bytes(), e.offset(), e.length());
          } else if (numbers) {
            jsonNumber(w, e.bytes(), e.offset(), e.length());
          } else {
            w.jsonStringUtf8(e.bytes(), e.offset(), e.length());
          }
        } else if (type == Elements.END) {
          w.write((byte) ']');
        } else {
          if (previous != Elements.START) {
            w.write((byte) ',');
          }
          if (type == Elements.START) {
            w.write((byte) '[');
          } else {
            w.write(NULL);
          }
        }
        previous = type;
      }
    }
  }

  /** Whatever Java object the value holds, by its class (see {@link ObjectWriter}). */
  static final class Dynamic extends Field {
    private final ByteWriter scratch = ByteWriter.growing();

    @Override
    Mapping jsonMapping(Kind kind) {
      return new Mapping("any", "each value by its own type: numbers, strings, booleans, ...");
    }

    @Override
    Mapping csvMapping(Kind kind, FormatOptions options) {
      return new Mapping("any", "each value's text, " + quoting(options));
    }

    @Override
    void json(Value v, ByteWriter w) throws IOException {
      if (v.form() != Form.OBJECT) {
        throw unexpected(v);
      }
      ObjectWriter.json(w, v.object());
    }

    @Override
    void csv(Value v, CsvWriter w) throws IOException {
      if (v.form() != Form.OBJECT) {
        throw unexpected(v);
      }
      Object o = v.object();
      if (o instanceof String s) {
        w.field(s);
      } else {
        scratch.reset();
        ObjectWriter.csvText(scratch, o);
        w.field(scratch.buf, 0, scratch.pos);
      }
    }
  }
}
