package dev.sluice.core.compress;

import java.util.Locale;

/** A byte transform between the encoder and the sink. */
public enum Compression {
  NONE(null, ""),
  GZIP("gzip", ".gz"),
  ZSTD("zstd", ".zst");

  private final String contentEncoding;
  private final String suffix;

  Compression(String contentEncoding, String suffix) {
    this.contentEncoding = contentEncoding;
    this.suffix = suffix;
  }

  /** The HTTP Content-Encoding token, or null for {@link #NONE}. */
  public String contentEncoding() {
    return contentEncoding;
  }

  /** The file-name suffix, with its dot; empty for {@link #NONE}. */
  public String suffix() {
    return suffix;
  }

  /** The compression a destination name implies by its extension ({@code .gz}, {@code .zst}). */
  public static Compression forName(String destination) {
    var lower = destination.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".gz") || lower.endsWith(".gzip")) {
      return GZIP;
    }
    if (lower.endsWith(".zst") || lower.endsWith(".zstd")) {
      return ZSTD;
    }
    return NONE;
  }
}
