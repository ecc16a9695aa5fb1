package dev.sluice.core.format;

/** How rows become bytes. Each format holds one row in memory at a time. */
public enum Format {
  /** One JSON object per line, {@code application/x-ndjson}. */
  NDJSON("application/x-ndjson", "ndjson"),
  /** RFC 4180 CSV with a header row, {@code text/csv}. */
  CSV("text/csv", "csv"),
  /** One JSON array of objects, {@code application/json}. */
  JSON("application/json", "json");

  private final String mediaType;
  private final String extension;

  Format(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /** The IANA media type, for Content-Type headers. */
  public String mediaType() {
    return mediaType;
  }

  /** The usual file extension, without the dot. */
  public String extension() {
    return extension;
  }
}
