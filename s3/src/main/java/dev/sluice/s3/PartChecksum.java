package dev.sluice.s3;

/** The checksum a data request (UploadPart, PutObject) carries, as the receipt names it. */
enum PartChecksum {
  /** Whatever the SDK's configuration adds: CRC32 in an aws-chunked trailer by default. */
  SDK("sdk"),
  /** An explicit CRC32C, in the trailer and in the completed object. */
  CRC32C("CRC32C"),
  /** No SDK checksum, a Content-MD5 header: the one every S3-compatible store verifies. */
  MD5("Content-MD5");

  private final String label;

  PartChecksum(String label) {
    this.label = label;
  }

  /** The name in the receipt's {@code checksum} detail. */
  String label() {
    return label;
  }
}
