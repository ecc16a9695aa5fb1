package dev.sluice.core.format;

import dev.sluice.core.source.Kind;
import dev.sluice.core.source.Value;
import dev.sluice.core.source.Value.Form;
import java.io.IOException;

/** The fields of integers, decimals, floats and booleans. */
final class NumberFields {
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

  private NumberFields() {}

  /** Exact integers: a long, or the database's digits (JSON's too), never through a double. */
  static final class Int extends Field {
    @Override
    Mapping jsonMapping(Kind kind) {
      return new Mapping("number", "integer digits, exact: -42, 9223372036854775807");
    }

    @Override
    Mapping csvMapping(Kind kind, FormatOptions options) {
      return new Mapping("integer", "digits, never quoted: -42");
    }

    @Override
    void json(Value v, ByteWriter w) throws IOException {
      digits(v, w);
    }

    @Override
    void csv(Value v, CsvWriter w) throws IOException {
      digits(v, w.out);
    }

    /** The same digits in both formats: an integer never needs quoting. */
    private static void digits(Value v, ByteWriter w) throws IOException {
      Form form = v.form();
      if (form == Form.TEXT) {
        w.write(v.bytes(), v.offset(), v.length());
      } else if (form == Form.LONG) {
        w.decimal(v.longValue());
      } else if (form == Form.STRING) {
        w.ascii(v.string());
      } else {
        throw unexpected(v);
      }
    }
  }

  /**
   * Decimals and floats: plain digits ({@code 1e+100} for large PostgreSQL floats, valid JSON), a
   * float as the shortest text that reads back as the same float, and {@code NaN}, {@code
   * Infinity}, {@code -Infinity} as JSON strings.
   */
  static final class Num extends Field {
    @Override
    Mapping jsonMapping(Kind kind) {
      return kind == Kind.DECIMAL
          ? new Mapping("number", "the exact decimal digits, never through a double: 12.30")
          : new Mapping(
              "number", "a float's digits: 0.1, 1e+100; NaN, Infinity, -Infinity as strings");
    }

    @Override
    Mapping csvMapping(Kind kind, FormatOptions options) {
      return kind == Kind.DECIMAL
          ? new Mapping("decimal", "the exact decimal digits: 12.30")
          : new Mapping("float", "a float's digits: 0.1, 1e+100, NaN, Infinity, -Infinity");
    }

    @Override
    void json(Value v, ByteWriter w) throws IOException {
      Form form = v.form();
      if (form == Form.TEXT) {
        jsonNumber(w, v.bytes(), v.offset(), v.length());
      } else if (form == Form.STRING) {
        w.ascii(v.string());
      } else if (form == Form.DOUBLE) {
        double d = v.doubleValue();
        jsonDouble(w, d, Double.toString(d));
      } else if (form == Form.FLOAT) {
        float f = v.floatValue();
        jsonDouble(w, f, Float.toString(f));
      } else {
        throw unexpected(v);
      }
    }

    @Override
    void csv(Value v, CsvWriter w) throws IOException {
      Form form = v.form();
      if (form == Form.TEXT) {
        w.out.write(v.bytes(), v.offset(), v.length());
      } else if (form == Form.STRING) {
        w.out.ascii(v.string());
      } else if (form == Form.DOUBLE) {
        w.out.ascii(Double.toString(v.doubleValue()));
      } else if (form == Form.FLOAT) {
        w.out.ascii(Float.toString(v.floatValue()));
      } else {
        throw unexpected(v);
      }
    }
  }

  /** {@code true} and {@code false}; a value that is not a boolean (SQLite) as what it is. */
  static final class Bool extends Field {
    private static final String FORM =
        "true / false; a value that is not a boolean (SQLite) as what it is";

    private final ObjectFields.Dynamic other = new ObjectFields.Dynamic();

    @Override
    Mapping jsonMapping(Kind kind) {
      return new Mapping("boolean", FORM);
    }

    @Override
    Mapping csvMapping(Kind kind, FormatOptions options) {
      return new Mapping("boolean", FORM);
    }

    @Override
    void json(Value v, ByteWriter w) throws IOException {
      if (v.form() == Form.BOOLEAN) {
        w.write(v.booleanValue() ? TRUE : FALSE);
      } else {
        other.json(v, w);
      }
    }

    @Override
    void csv(Value v, CsvWriter w) throws IOException {
      if (v.form() == Form.BOOLEAN) {
        w.out.write(v.booleanValue() ? TRUE : FALSE);
      } else {
        other.csv(v, w);
      }
    }
  }
}
