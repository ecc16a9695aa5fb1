package dev.sluice.core.format;

import dev.sluice.core.source.Kind;
import dev.sluice.core.source.Value;
import dev.sluice.core.source.Value.Form;
import java.io.IOException;

/** The fields of strings, JSON, binary data, and the values written as bare ISO or UUID text. */
final class TextFields {
  private TextFields() {}

  /** Text: a JSON string, a CSV field quoted when needed. */
  static final class Str extends Field {
    @Override
    Mapping jsonMapping(Kind kind) {
      return new Mapping("string", "UTF-8, escaped where JSON needs it");
    }

    @Override
    Mapping csvMapping(Kind kind, FormatOptions options) {
      return new Mapping("text", "UTF-8, " + quoting(options));
    }

    @Override
    void json(Value v, ByteWriter w) throws IOException {
      Form form = v.form();
      if (form == Form.TEXT) {
        w.jsonStringUtf8(v.bytes(), v.offset(), v.length());
      } else if (form == Form.STRING) {
        w.jsonString(v.string());
      } else {
        throw unexpected(v);
      }
    }

    @Override
    void csv(Value v, CsvWriter w) throws IOException {
      Form form = v.form();
      if (form == Form.TEXT) {
        w.field(v.bytes(), v.offset(), v.length());
      } else if (form == Form.STRING) {
        w.field(v.string());
      } else {
        throw unexpected(v);
      }
    }
  }

  /**
   * A value whose text is a JSON string but never needs escaping or CSV quoting (dates, times,
   * intervals, UUIDs): CSV gets the text bare, JSON adds the quotes. Instants are written in UTC,
   * {@code 2024-01-02T03:04:05Z}.
   */
  static final class Bare extends Field {
    @Override
    Mapping jsonMapping(Kind kind) {
      return new Mapping("string", form(kind));
    }

    @Override
    Mapping csvMapping(Kind kind, FormatOptions options) {
      return new Mapping(kind.label(), form(kind));
    }

    private static String form(Kind kind) {
      return switch (kind) {
        case DATE -> "ISO-8601 date: 2024-01-02";
        case TIME -> "ISO-8601 time: 23:59:59.5 (seconds always, a fraction when not zero)";
        case TIMETZ -> "ISO-8601 time with its offset: 23:59:59+05:30, 12:00:00Z";
        case TIMESTAMP -> "ISO-8601 local date and time, no offset: 2024-01-02T03:04:05.5";
        case TIMESTAMPTZ -> "ISO-8601 instant in UTC: 2024-06-01T06:30:00.5Z";
        case INTERVAL -> "ISO-8601 duration: P1Y2M3DT4H5M6.5S";
        case UUID -> "canonical UUID text: a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
        default -> "its ISO-8601 text";
      };
    }

    @Override
    void json(Value v, ByteWriter w) throws IOException {
      w.write((byte) '"');
      text(v, w);
      w.write((byte) '"');
    }

    @Override
    void csv(Value v, CsvWriter w) throws IOException {
      text(v, w.out);
    }

    private static void text(Value v, ByteWriter w) throws IOException {
      Form form = v.form();
      if (form == Form.TEXT) {
        w.write(v.bytes(), v.offset(), v.length());
      } else if (form == Form.INSTANT) {
        Iso.utc(w, v.epochSecond(), v.nano());
      } else if (form == Form.STRING) {
        w.utf8(v.string());
      } else if (form == Form.OBJECT) {
        ObjectWriter.text(w, v.object());
      } else {
        throw unexpected(v);
      }
    }
  }

  /**
   * JSON the database has validated, embedded as JSON. Line breaks can only be whitespace in valid
   * JSON, so they become spaces: an NDJSON line stays one line (json keeps the text as it was
   * typed). A value that is not JSON text (SQLite) is written as what it is.
   */
  static final class Json extends Field {
    private final ObjectFields.Dynamic other = new ObjectFields.Dynamic();

    @Override
    Mapping jsonMapping(Kind kind) {
      return new Mapping(
          "json", "the JSON value itself, embedded, not a string: {\"k\":\"v\"}, [1,2]");
    }

    @Override
    Mapping csvMapping(Kind kind, FormatOptions options) {
      return new Mapping("json", "the JSON text, " + quoting(options));
    }

    @Override
    void json(Value v, ByteWriter w) throws IOException {
      Form form = v.form();
      if (form == Form.TEXT) {
        byte[] b = v.bytes();
        int start = v.offset();
        int end = start + v.length();
        for (int i = start; i < end; i++) {
          if (b[i] == '\n' || b[i] == '\r') {
            w.write(b, start, i - start);
            w.write((byte) ' ');
            start = i + 1;
          }
        }
        w.write(b, start, end - start);
      } else if (form == Form.STRING) {
        String s = v.string();
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
          w.utf8(s.replace('\n', ' ').replace('\r', ' '));
        } else {
          w.utf8(s);
        }
      } else {
        other.json(v, w);
      }
    }

    @Override
    void csv(Value v, CsvWriter w) throws IOException {
      Form form = v.form();
      if (form == Form.TEXT) {
        w.field(v.bytes(), v.offset(), v.length());
      } else if (form == Form.STRING) {
        w.field(v.string());
      } else {
        other.csv(v, w);
      }
    }
  }

  /** Binary data as base64; in CSV an empty value is quoted, so it stays apart from NULL. */
  static final class Base64 extends Field {
    @Override
    Mapping jsonMapping(Kind kind) {
      return new Mapping("string", "standard base64 of the bytes, padded: \"AP8=\"");
    }

    @Override
    Mapping csvMapping(Kind kind, FormatOptions options) {
      return new Mapping("base64", "standard base64 of the bytes, padded: AP8=");
    }

    @Override
    void json(Value v, ByteWriter w) throws IOException {
      if (v.form() != Form.BYTES) {
        throw unexpected(v);
      }
      w.write((byte) '"');
      w.base64(v.bytes(), v.offset(), v.length());
      w.write((byte) '"');
    }

    @Override
    void csv(Value v, CsvWriter w) throws IOException {
      if (v.form() != Form.BYTES) {
        throw unexpected(v);
      }
      if (v.length() == 0) {
        w.field("");
      } else {
        w.out.base64(v.bytes(), v.offset(), v.length());
      }
    }
  }
}
