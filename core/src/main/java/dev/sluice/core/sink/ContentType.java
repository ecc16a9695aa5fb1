package dev.sluice.core.sink;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;

/**
 * What the bytes handed to a sink are: the format's media type and the compression's content
 * encoding ({@code null} when uncompressed), for HTTP and S3 headers.
 */
public record ContentType(Format format, Compression compression) {
  public String mediaType() {
    return format.mediaType();
  }

  /** The Content-Encoding value, or null when the bytes are not compressed. */
  public String contentEncoding() {
    return compression.contentEncoding();
  }
}
