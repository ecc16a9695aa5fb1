package dev.sluice.core.source.jdbc;

import static dev.sluice.core.ExportException.Reason.SOURCE;

import dev.sluice.core.ExportException;
import dev.sluice.core.text.Message;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;

/** Turns the driver's exceptions into one-line {@link ExportException}s without secrets. */
final class SqlFailure {
  private SqlFailure() {}

  /** The failure to open a connection to {@code url}. */
  static ExportException connect(SQLException e, String url, String user) {
    var where = JdbcUrl.hostPort(url);
    var shownUrl = JdbcUrl.redact(url);
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return new ExportException(
            SOURCE, "connection refused to " + (where != null ? where : shownUrl), e);
      }
      if (t instanceof UnknownHostException) {
        return new ExportException(SOURCE, "unknown database host " + JdbcUrl.host(url), e);
      }
      if (t instanceof SocketTimeoutException) {
        return new ExportException(
            SOURCE, "connection to " + (where != null ? where : shownUrl) + " timed out", e);
      }
    }
    var state = e.getSQLState();
    if (state != null && state.startsWith("28")) {
      return new ExportException(
          SOURCE,
          "login to "
              + shownUrl
              + " failed"
              + (user != null ? " for user " + user : "")
              + ": "
              + oneLine(e),
          e);
    }
    return new ExportException(SOURCE, "cannot connect to " + shownUrl + ": " + oneLine(e), e);
  }

  /** The failure of the query after {@code rows} rows (0: before the first). */
  static ExportException query(SQLException e, long rows) {
    var prefix =
        rows == 0
            ? "query failed: "
            : String.format(Locale.ROOT, "query failed after %,d rows: ", rows);
    return new ExportException(SOURCE, prefix + oneLine(e), e);
  }

  /**
   * The first line of the exception's message, redacted. Server messages often carry a second line
   * ({@code Position: 15}, a hint) that a one-line error leaves out; the cause keeps it.
   */
  static String oneLine(Throwable e) {
    return JdbcUrl.redact(Message.firstLine(e));
  }
}
