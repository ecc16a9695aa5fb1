package dev.sluice.s3;

/** Whether the bucket goes in the request's path ({@code host/bucket/key}) or its host name. */
public enum PathStyle {
  /**
   * Path-style for a custom endpoint on an IP address or {@code localhost}, where a bucket cannot
   * be a host name; host-style everywhere else.
   */
  AUTO,
  /** Always {@code host/bucket/key}, as most self-hosted S3-compatible stores need. */
  ON,
  /** Always {@code bucket.host/key}. */
  OFF
}
