package dev.sluice.core.format.parquet;

import dev.sluice.core.ExportException;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.format.RowEncoder;
import dev.sluice.core.source.Column;
import dev.sluice.core.source.jdbc.Dialect;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Writes a query's result as a Parquet file, as an export's producer does. */
record ParquetFiles(List<Column> columns, List<Long> rowGroups) {
  static ParquetFiles write(Connection c, String sql, ParquetOptions options, Path file)
      throws SQLException, IOException, ExportException {
    var dialect = Dialect.of(c.getMetaData());
    try (var st = c.createStatement();
        var rs = st.executeQuery(sql);
        OutputStream out = Files.newOutputStream(file)) {
      var rows = JdbcSource.rows(rs, dialect);
      RowEncoder encoder =
          Format.PARQUET.encoder(rows, FormatOptions.builder().parquet(options).build(), out);
      encoder.begin();
      while (rows.next()) {
        encoder.write();
      }
      encoder.end();
      return new ParquetFiles(rows.columns(), encoder.rowGroups());
    }
  }
}
