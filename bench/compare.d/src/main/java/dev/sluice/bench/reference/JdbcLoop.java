package dev.sluice.bench.reference;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;

/**
 * A REFERENCE, not product code: the plain JDBC loop a developer would write by hand to export a
 * query as NDJSON with Jackson, which `bench/compare` measures Sluice against.
 *
 * <p>It does what a careful hand-written loop does and nothing more: one statement, a fetch size
 * when asked (with autocommit off, which PostgreSQL needs to use a cursor), Jackson's streaming
 * generator, a 64 KiB buffered stdout. Without a fetch size the driver reads the whole result into
 * memory first, which is the failure this reference exists to show: run it with a small heap and
 * {@code -XX:+ExitOnOutOfMemoryError} and the harness reports "OOM".
 *
 * <p>Usage: {@code JdbcLoop <jdbc-url> <query> <fetch-size, 0 for none>}. NDJSON goes to stdout;
 * one line {@code rows=N bytes=M} goes to stderr at the end.
 */
public final class JdbcLoop {
  private JdbcLoop() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: JdbcLoop <jdbc-url> <query> <fetch-size, 0 for none>");
      System.exit(2);
    }
    String url = args[0];
    String query = args[1];
    int fetchSize = Integer.parseInt(args[2]);
    var counted = new CountingOutputStream(
        new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024));
    long rows;
    try (Connection connection = DriverManager.getConnection(url);
        JsonGenerator json = new JsonFactory().createGenerator(counted, JsonEncoding.UTF8)) {
      json.setRootValueSeparator(null);
      if (fetchSize > 0) {
        connection.setAutoCommit(false);
      }
      try (Statement statement = connection.createStatement()) {
        if (fetchSize > 0) {
          statement.setFetchSize(fetchSize);
        }
        try (ResultSet rs = statement.executeQuery(query)) {
          rows = write(rs, json, counted);
        }
      }
    }
    System.err.println("rows=" + rows + " bytes=" + counted.count);
  }

  private static long write(ResultSet rs, JsonGenerator json, OutputStream out)
      throws SQLException, IOException {
    ResultSetMetaData meta = rs.getMetaData();
    int columns = meta.getColumnCount();
    String[] names = new String[columns + 1];
    int[] types = new int[columns + 1];
    String[] typeNames = new String[columns + 1];
    for (int i = 1; i <= columns; i++) {
      names[i] = meta.getColumnLabel(i);
      types[i] = meta.getColumnType(i);
      typeNames[i] = meta.getColumnTypeName(i).toLowerCase();
    }
    long rows = 0;
    while (rs.next()) {
      json.writeStartObject();
      for (int i = 1; i <= columns; i++) {
        json.writeFieldName(names[i]);
        writeValue(rs, i, types[i], typeNames[i], json);
      }
      json.writeEndObject();
      json.flush();
      out.write('\n');
      rows++;
    }
    json.flush();
    out.flush();
    return rows;
  }

  private static void writeValue(ResultSet rs, int i, int type, String typeName, JsonGenerator json)
      throws SQLException, IOException {
    switch (type) {
      case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> {
        long v = rs.getLong(i);
        if (rs.wasNull()) {
          json.writeNull();
        } else {
          json.writeNumber(v);
        }
      }
      case Types.NUMERIC, Types.DECIMAL -> {
        var v = rs.getBigDecimal(i);
        if (v == null) {
          json.writeNull();
        } else {
          json.writeNumber(v);
        }
      }
      case Types.BOOLEAN, Types.BIT -> {
        boolean v = rs.getBoolean(i);
        if (rs.wasNull()) {
          json.writeNull();
        } else {
          json.writeBoolean(v);
        }
      }
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
        var v = rs.getObject(i, OffsetDateTime.class);
        if (v == null) {
          json.writeNull();
        } else {
          json.writeString(v.toString());
        }
      }
      case Types.ARRAY -> {
        Array v = rs.getArray(i);
        if (v == null) {
          json.writeNull();
        } else {
          json.writeStartArray();
          for (Object element : (Object[]) v.getArray()) {
            if (element == null) {
              json.writeNull();
            } else {
              json.writeString(element.toString());
            }
          }
          json.writeEndArray();
          v.free();
        }
      }
      default -> {
        String v = rs.getString(i);
        if (v == null) {
          json.writeNull();
        } else if (typeName.startsWith("json")) {
          json.writeRawValue(v);
        } else {
          json.writeString(v);
        }
      }
    }
  }

  /** Counts the bytes written so the harness can report MB/s without a second run. */
  private static final class CountingOutputStream extends FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
