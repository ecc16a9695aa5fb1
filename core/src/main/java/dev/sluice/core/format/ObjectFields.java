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
   * An array as a JSON array, nested for multi-dimensional arrays, from its {@link Elements} or
   * its Java objects (through {@link ObjectWriter}); CSV gets the JSON text.
   */
  static final class Array extends Field {
    private final ByteWriter scratch = ByteWriter.growing();

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
      int n = e.size();
      byte previous = Elements.START;
      for (int t = 0; t < n; t++) {
        byte type = e.type(t);
        if (type != Elements.END && previous != Elements.START) {
          w.write((byte) ',');
        }
        switch (type) {
          case Elements.START -> w.write((byte) '[');
          case Elements.END -> w.write((byte) ']');
          case Elements.NULL -> w.ascii("null");
          default -> {
            byte[] b = e.bytes(t);
            int off = e.offset(t);
            int len = e.length(t);
            switch (kind) {
              case INTEGER, BOOLEAN -> w.write(b, off, len);
              case DECIMAL, FLOAT -> jsonNumber(w, b, off, len);
              default -> w.jsonStringUtf8(b, off, len);
            }
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
