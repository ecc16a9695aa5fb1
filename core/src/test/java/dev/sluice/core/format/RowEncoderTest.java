package dev.sluice.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.source.Column;
import dev.sluice.core.source.Rows;
import dev.sluice.core.source.jdbc.Dialect;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shape of each format's output and the encoder's contract, on H2 in memory. */
@Timeout(30)
class RowEncoderTest {
  private Connection c;

  @BeforeEach
  void open() throws Exception {
    c = DriverManager.getConnection("jdbc:h2:mem:");
  }

  @AfterEach
  void close() throws Exception {
    c.close();
  }

  @Test
  void emptyResultIsAnEmptyArrayNoLinesOrJustTheHeader() throws Exception {
    String empty = "SELECT 1 AS a, 'x' AS b WHERE 1 = 0";
    assertThat(Encoded.of(c, empty, Format.JSON).text()).isEqualTo("[]\n");
    assertThat(Encoded.of(c, empty, Format.NDJSON).text()).isEmpty();
    assertThat(Encoded.of(c, empty, Format.CSV).text()).isEqualTo("A,B\n");
  }

  @Test
  void jsonArrayHoldsOneObjectPerLine() throws Exception {
    String text = Encoded.of(c, "SELECT X AS n FROM SYSTEM_RANGE(1, 3)", Format.JSON).text();
    assertThat(text).isEqualTo("[\n{\"N\":1},\n{\"N\":2},\n{\"N\":3}\n]\n");
  }

  @Test
  void repeatedColumnNamesGetSuffixesSoJsonKeysAreUnique() throws Exception {
    Encoded e = Encoded.of(c, "SELECT 1 AS id, 2 AS id, 3 AS id", Format.NDJSON);
    assertThat(e.text()).isEqualTo("{\"ID\":1,\"ID_2\":2,\"ID_3\":3}\n");
    assertThat(e.columns()).extracting(Column::name).containsExactly("ID", "ID_2", "ID_3");
  }

  @Test
  void csvOptionsChangeDelimiterNullStringHeaderAndLineEnding() throws Exception {
    FormatOptions options =
        FormatOptions.builder()
            .csvDelimiter(';')
            .csvNull("\\N")
            .csvHeader(false)
            .lineEnding(FormatOptions.CRLF)
            .build();
    String sql = "SELECT CAST(NULL AS VARCHAR) AS a, '\\N' AS b, 'x;y' AS c, '' AS d, 1.5 AS e";
    assertThat(Encoded.of(c, sql, Format.CSV, options).text())
        .isEqualTo("\\N;\"\\N\";\"x;y\";;1.5\r\n");
  }

  @Test
  void columnNamesAreQuotedInTheHeaderWhenTheyNeedIt() throws Exception {
    String text = Encoded.of(c, "SELECT 1 AS \"a,b\", 2 AS \"say \"\"hi\"\"\"", Format.CSV).text();
    assertThat(text).startsWith("\"a,b\",\"say \"\"hi\"\"\"\n");
  }

  @Test
  void bytesReachTheStreamOnlyInBufferSizedWritesAndAtEnd() throws Exception {
    List<Integer> writes = new ArrayList<>();
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) {
            writes.add(1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            writes.add(len);
          }
        };
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT X AS id, REPEAT('x', 100) AS t FROM SYSTEM_RANGE(1, 10000)")) {
      Rows rows = JdbcSource.rows(rs, Dialect.H2);
      RowEncoder e = Format.NDJSON.encoder(rows, FormatOptions.defaults(), out);
      e.begin();
      while (rows.next()) {
        e.write();
        assertThat(writes).allMatch(n -> n > ByteWriter.SIZE - 200);
      }
      e.end();
    }
    assertThat(writes.size()).isGreaterThan(10);
    assertThat(writes.subList(0, writes.size() - 1)).allMatch(n -> n > ByteWriter.SIZE - 200);
  }

  @Test
  void endFlushesButDoesNotCloseTheStream() throws Exception {
    var out =
        new ByteArrayOutputStream() {
          boolean closed;

          @Override
          public void close() {
            closed = true;
          }
        };
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT 1 AS a")) {
      Rows rows = JdbcSource.rows(rs, Dialect.H2);
      RowEncoder e = Format.CSV.encoder(rows, FormatOptions.defaults(), out);
      e.begin();
      assertThat(rows.next()).isTrue();
      e.write();
      assertThat(out.size()).isZero();
      assertThat(rows.next()).isFalse();
      e.end();
    }
    assertThat(out.toString()).isEqualTo("A\n1\n");
    assertThat(out.closed).isFalse();
  }

  @Test
  void delimitersThatWouldBeAmbiguousAreRefused() {
    for (char d : new char[] {'"', '\n', '\r', 'a', '7', '-', '.', ':', '+', '/', '=', 'é'}) {
      assertThatThrownBy(() -> FormatOptions.builder().csvDelimiter(d).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("csv delimiter must be tab or ASCII punctuation");
    }
    for (char d : new char[] {',', ';', '|', '\t', ' ', '#'}) {
      assertThat(FormatOptions.builder().csvDelimiter(d).build().csvDelimiter()).isEqualTo(d);
    }
  }

  @Test
  void nullStringsHoldingQuotesDelimitersOrLineBreaksAreRefused() {
    for (String n : new String[] {"\"", "a,b", "x\n", "\r"}) {
      assertThatThrownBy(() -> FormatOptions.builder().csvNull(n).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("csv null string holds the delimiter, a quote, CR or LF");
    }
    assertThatThrownBy(() -> FormatOptions.builder().lineEnding("\r").build())
        .hasMessage("line ending must be \\n or \\r\\n: \"\\r\"");
  }

  @Test
  void dialectComesFromProductNamesAndUrls() throws Exception {
    assertThat(Dialect.ofProductName("PostgreSQL")).isEqualTo(Dialect.POSTGRESQL);
    assertThat(Dialect.ofProductName("MariaDB")).isEqualTo(Dialect.MARIADB);
    assertThat(Dialect.ofProductName("MySQL")).isEqualTo(Dialect.MARIADB);
    assertThat(Dialect.ofProductName("SQLite")).isEqualTo(Dialect.SQLITE);
    assertThat(Dialect.ofProductName("H2")).isEqualTo(Dialect.H2);
    assertThat(Dialect.ofProductName("Oracle")).isEqualTo(Dialect.GENERIC);
    assertThat(Dialect.ofProductName(null)).isEqualTo(Dialect.GENERIC);
    assertThat(Dialect.ofUrl("jdbc:postgresql://h/db")).isEqualTo(Dialect.POSTGRESQL);
    assertThat(Dialect.ofUrl("jdbc:mysql://h/db")).isEqualTo(Dialect.MARIADB);
    assertThat(Dialect.ofUrl("jdbc:sqlite:/tmp/x.db")).isEqualTo(Dialect.SQLITE);
    assertThat(Dialect.ofUrl("jdbc:h2:mem:")).isEqualTo(Dialect.H2);
    assertThat(Dialect.of(c.getMetaData())).isEqualTo(Dialect.H2);
  }
}
