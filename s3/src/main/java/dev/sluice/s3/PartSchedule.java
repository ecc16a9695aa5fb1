package dev.sluice.s3;

/**
 * The size of every part of a multipart upload whose length is unknown when it starts.
 *
 * <p>S3 allows at most 10,000 parts of at most 5 GiB each. A fixed part size caps the object at
 * 10,000 times that size (78 GiB for 8 MiB parts), so the part size grows instead: it starts at
 * {@code first} and doubles every {@link #stride()} parts, never above 5 GiB. The stride is the
 * largest number of parts for which 10,000 parts hold {@code maxObjectSize} bytes, so small exports
 * use small parts for as long as possible and no export fails at part 10,001. With the defaults (8
 * MiB, 5 TiB) the stride is 1,089 parts:
 *
 * <pre>
 *   parts        1 to  1,089:     8 MiB  (8.5 GiB in all)
 *   parts    1,090 to  2,178:    16 MiB  (25.5 GiB)
 *   parts    2,179 to  3,267:    32 MiB  (59.5 GiB)
 *   ...
 *   parts    9,802 to 10,000:     4 GiB  (5.02 TiB)
 * </pre>
 *
 * <p>Immutable and safe to share.
 */
final class PartSchedule {
  static final int MAX_PARTS = 10_000;
  static final long MAX_PART_SIZE = 5L << 30;

  private final long first;
  private final long maxObjectSize;
  private final int stride;

  private PartSchedule(long first, long maxObjectSize, int stride) {
    this.first = first;
    this.maxObjectSize = maxObjectSize;
    this.stride = stride;
  }

  /**
   * The schedule whose first part holds {@code first} bytes and whose 10,000 parts hold at least
   * {@code maxObjectSize}.
   *
   * @throws IllegalArgumentException if no schedule of parts of at most 5 GiB reaches it.
   */
  static PartSchedule of(long first, long maxObjectSize) {
    if (first < 1 || first > MAX_PART_SIZE) {
      throw new IllegalArgumentException("part size not in [1, 5 GiB]: " + first);
    }
    if (maxObjectSize < 1) {
      throw new IllegalArgumentException("maxObjectSize < 1: " + maxObjectSize);
    }
    if (capacity(first, 1, MAX_PARTS) < maxObjectSize) {
      throw new IllegalArgumentException(
          "maxObjectSize > 10,000 parts of at most 5 GiB: " + maxObjectSize);
    }
    // capacity() falls as the stride grows: find the largest stride that still reaches the limit.
    int low = 1;
    int high = MAX_PARTS;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (capacity(first, mid, MAX_PARTS) >= maxObjectSize) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return new PartSchedule(first, maxObjectSize, low);
  }

  /**
   * The first part size for an export expected to hold about {@code sizeHint} bytes: at least
   * {@code partSize}, and large enough that the hinted size takes at most 2,000 parts. Rounded up
   * to a whole MiB.
   */
  static long firstPartSize(long partSize, long sizeHint) {
    if (sizeHint <= 0) {
      return partSize;
    }
    long perPart = (sizeHint + 1_999) / 2_000;
    long mib = 1L << 20;
    long rounded = (perPart + mib - 1) / mib * mib;
    return Math.min(MAX_PART_SIZE, Math.max(partSize, rounded));
  }

  /** The size of part {@code number}, counting from 1. */
  long partSize(int number) {
    if (number < 1 || number > MAX_PARTS) {
      throw new IllegalArgumentException("part number not in [1, 10000]: " + number);
    }
    return sizeAt(first, stride, number);
  }

  /** The bytes the first {@code parts} parts hold together. */
  long capacity(int parts) {
    return capacity(first, stride, parts);
  }

  long first() {
    return first;
  }

  long maxObjectSize() {
    return maxObjectSize;
  }

  /** How many parts share one size before it doubles. */
  int stride() {
    return stride;
  }

  private static long sizeAt(long first, int stride, int number) {
    int doublings = (number - 1) / stride;
    long size = first;
    for (int i = 0; i < doublings && size < MAX_PART_SIZE; i++) {
      size = Math.min(MAX_PART_SIZE, size * 2);
    }
    return size;
  }

  static long capacity(long first, int stride, int parts) {
    long total = 0;
    for (int start = 1; start <= parts; start += stride) {
      int count = Math.min(stride, parts - start + 1);
      total += count * sizeAt(first, stride, start);
    }
    return total;
  }

  @Override
  public String toString() {
    return "PartSchedule(first=" + first + ", stride=" + stride + ", max=" + maxObjectSize + ")";
  }
}
