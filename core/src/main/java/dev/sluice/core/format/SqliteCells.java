package dev.sluice.core.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * SQLite's cells. SQLite types values, not columns: a column declared INTEGER can hold text. So
 * each value is written by its storage class (integer, real, text, blob, null), and the declared
 * type only adds two hints: BOOLEAN turns the integers 0 and 1 into false and true, and JSON
 * embeds text that parses as JSON (SQLite does not check it; text that does not parse stays a
 * string).
 */
final class SqliteCells {
  private static final JsonFactory JSON = new JsonFactory();

  private SqliteCells() {}

  static Cell cell(String declaredType) {
    if (declaredType.contains("bool")) {
      return new Bool();
    }
    if (declaredType.equals("json") || declaredType.equals("jsonb")) {
      return new Json();
    }
    return new GenericCells.Dynamic();
  }

  static final class Bool extends GenericCells.Dynamic {
    Bool() {
      super("boolean");
    }

    @Override
    void json(ByteWriter w) throws IOException {
      ObjectWriter.json(w, bool(v));
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      Object b = bool(v);
      if (b instanceof Boolean) {
        w.out.ascii(b.toString());
      } else {
        super.csv(w);
      }
    }

    private static Object bool(Object v) {
      if (v instanceof Integer n && (n == 0 || n == 1)) {
        return n == 1;
      }
      return v;
    }
  }

  static final class Json extends GenericCells.Dynamic {
    Json() {
      super("json");
    }

    @Override
    void json(ByteWriter w) throws IOException {
      if (v instanceof String s && isJson(s)) {
        w.utf8(s.replace('\n', ' ').replace('\r', ' '));
      } else {
        super.json(w);
      }
    }

    private static boolean isJson(String s) {
      try (JsonParser p = JSON.createParser(s)) {
        if (p.nextToken() == null) {
          return false;
        }
        p.skipChildren();
        return p.nextToken() == null;
      } catch (IOException e) {
        return false;
      }
    }
  }
}
