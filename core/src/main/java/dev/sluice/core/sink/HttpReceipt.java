package dev.sluice.core.sink;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link HttpSink} sent: {@code bytes} of body, answered with the 2xx {@code status}, over
 * {@code protocol} ({@code "HTTP/1.1"} or {@code "HTTP/2"}), framed as {@code transfer} says.
 */
public record HttpReceipt(
    String destination, long bytes, int status, String protocol, Transfer transfer)
    implements Receipt {
  /** How the body was framed. */
  public enum Transfer {
    /** Chunked transfer encoding (HTTP/1.1) or a stream of DATA frames without a length. */
    CHUNKED("chunked"),
    /** A Content-Length known before the body was sent. */
    CONTENT_LENGTH("content-length");

    private final String text;

    Transfer(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  @Override
  public Map<String, String> details() {
    var details = new LinkedHashMap<String, String>();
    details.put("status", Integer.toString(status));
    details.put("protocol", protocol);
    details.put("transfer", transfer.toString());
    return details;
  }
}
