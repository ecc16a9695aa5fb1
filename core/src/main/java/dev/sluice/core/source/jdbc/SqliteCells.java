package dev.sluice.core.source.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.sluice.core.source.Kind;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * SQLite's cells. SQLite types values, not columns: a column declared INTEGER can hold text. So
 * each value is handed over by its storage class (integer, real, text, blob, null), and the
 * declared type only adds two hints: BOOLEAN turns the integers 0 and 1 into false and true, and
 * JSON embeds text that parses as JSON (SQLite does not check it; text that does not parse stays a
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

  /** A boolean for 0 and 1, any other value as the object it is. */
  static final class Bool extends Cell {
    Bool() {
      super(Kind.BOOLEAN);
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      Object v = rs.getObject(i);
      if (v instanceof Integer n && (n == 0 || n == 1)) {
        value.setBoolean(n == 1);
      } else {
        value.setObject(DriverObjects.of(v, false));
      }
    }
  }

  /** JSON text as a String; anything else (text that does not parse too) as the object it is. */
  static final class Json extends Cell {
    Json() {
      super(Kind.JSON);
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      Object v = rs.getObject(i);
      if (v instanceof String s && isJson(s)) {
        value.setString(s);
      } else {
        value.setObject(DriverObjects.of(v, false));
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
