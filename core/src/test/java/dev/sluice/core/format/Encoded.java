package dev.sluice.core.format;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.ExportException;
import dev.sluice.core.source.Column;
import dev.sluice.core.source.Rows;
import dev.sluice.core.source.jdbc.Dialect;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/** What an encoder wrote for a query, and that output decoded again by independent parsers. */
record Encoded(byte[] bytes, List<Column> columns) {
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  static Encoded of(Connection c, String sql, Format format, FormatOptions options)
      throws SQLException, IOException, ExportException {
    Dialect dialect = Dialect.of(c.getMetaData());
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Rows rows = JdbcSource.rows(rs, dialect);
      encode(rows, format, options, out);
      return new Encoded(out.toByteArray(), rows.columns());
    }
  }

  static Encoded of(Connection c, String sql, Format format)
      throws SQLException, IOException, ExportException {
    return of(c, sql, format, FormatOptions.defaults());
  }

  /** Encodes every row, as an export does; returns the number of rows. */
  static long encode(Rows rows, Format format, FormatOptions options, OutputStream out)
      throws IOException, ExportException {
    RowEncoder encoder = format.encoder(rows, options, out);
    encoder.begin();
    long n = 0;
    while (rows.next()) {
      encoder.write();
      n++;
    }
    encoder.end();
    return n;
  }

  String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The rows of NDJSON or JSON output, parsed by Jackson databind. */
  List<JsonNode> jsonRows(Format format) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    if (format == Format.JSON) {
      MAPPER.readTree(bytes).forEach(rows::add);
    } else {
      for (String line : text().split("\n", -1)) {
        if (!line.isEmpty()) {
          rows.add(MAPPER.readTree(line));
        }
      }
    }
    return rows;
  }

  /** The records of CSV output (header included), parsed by Commons CSV; NULL fields are null. */
  List<CSVRecord> csvRecords(FormatOptions options) throws IOException {
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setDelimiter(options.csvDelimiter())
            .setNullString(options.csvNull())
            .setQuoteMode(
                QuoteMode.ALL_NON_NULL) // A quoted field equal to the null string is text.
            .setIgnoreEmptyLines(false)
            .setRecordSeparator(options.lineEnding())
            .get();
    try (var parser = format.parse(new StringReader(text()))) {
      return parser.getRecords();
    }
  }
}
