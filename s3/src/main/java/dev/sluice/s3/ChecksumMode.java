package dev.sluice.s3;

/**
 * Which integrity checksum the parts of an upload carry. Every mode keeps the bytes verified on the
 * way: the store checks either the SDK's checksum or a Content-MD5 on each part.
 */
public enum ChecksumMode {
  /**
   * The SDK's checksums (CRC32 in an aws-chunked trailer; with {@code
   * AWS_REQUEST_CHECKSUM_CALCULATION=when_required}, a Content-MD5 as with {@link #OFF}). Against a
   * custom endpoint, an upload whose first data request is refused with a checksum or signature
   * error (or a connection the store cuts while reading the body) resends that part once with a
   * Content-MD5 instead, and every later part too; the receipt says so.
   */
  AUTO,
  /** A CRC32C on every part and in the completed object; a store that refuses it fails. */
  ON,
  /** No SDK checksum: a Content-MD5 on every part, which every S3-compatible store verifies. */
  OFF
}
