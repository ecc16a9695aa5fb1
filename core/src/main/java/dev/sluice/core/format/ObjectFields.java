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
        elements(v.elements(), w, false);
      } else if (form == Form.OBJECT) {
        ObjectWriter.json(w, v.object());
      } else {
        throw unexpected(v);
      }
    }

    /**
     * The JSON text as a CSV field. Of elements, it is written with every quote doubled, in one
     * pass: when it holds a quote the field is quoted, and when it holds none it is the JSON text
     * as it is.
     */
    @Override
    void csv(Value v, CsvWriter w) throws IOException {
      scratch.reset();
      if (v.form() != Form.ELEMENTS) {
        json(v, scratch);
      } else if (elements(v.elements(), scratch, true)) {
        w.quoted(scratch.buf, 0, scratch.pos);
        return;
      }
      w.field(scratch.buf, 0, scratch.pos);
    }

    /**
     * Writes the elements as a JSON array, every quote doubled when {@code csvDoubled}; true when
     * it wrote a string (and so a quote).
     */
    private static boolean elements(Elements e, ByteWriter w, boolean csvDoubled)
        throws IOException {
      Kind kind = e.kind();
      boolean strings = kind != Kind.INTEGER && kind != Kind.BOOLEAN;
      boolean numbers = kind == Kind.DECIMAL || kind == Kind.FLOAT;
      int previous = Elements.START;
      boolean quotes = false;
      for (int type = e.next(); type != Elements.DONE; type = e.next()) {
        if (type == Elements.VALUE) {
          if (previous != Elements.START) {
            w.write((byte) ',');
          }
          if (!strings) {
            w.write(e.bytes(), e.offset(), e.length());
          } else if (numbers) {
            quotes |= jsonNumber(w, e.bytes(), e.offset(), e.length(), csvDoubled);
          } else {
            w.jsonStringUtf8(e.bytes(), e.offset(), e.length(), csvDoubled);
            quotes = true;
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
      return quotes;
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
