package dev.sluice.s3;

import java.util.ArrayList;
import java.util.List;

/**
 * What an {@link S3Sink} will do with the bytes of an export, known before anything is sent: the
 * part sizes as they grow, how many parts an object of a given size takes, and the memory the part
 * buffers hold at each size. For {@code sluice export --dry-run}; it reads the sink's own schedule
 * and budget, so it says what the upload does.
 *
 * <p>Immutable.
 */
public final class UploadPlan {
  /** S3's limit on the parts of one multipart upload. */
  public static final int MAX_PARTS = PartSchedule.MAX_PARTS;

  private final PartSchedule schedule;
  private final long maxMemory;
  private final int parallelism;

  UploadPlan(PartSchedule schedule, long maxMemory, int parallelism) {
    this.schedule = schedule;
    this.maxMemory = maxMemory;
    this.parallelism = parallelism;
  }

  /**
   * One run of parts of the same size.
   *
   * @param firstPart the number of its first part, counting from 1
   * @param lastPart the number of its last part
   * @param partSize the bytes of each of its parts
   * @param bytesThrough the bytes all parts up to {@code lastPart} hold together
   * @param buffers how many part buffers of this size are held at once at most (the one filling and
   *     the ones uploading), 0 when parts of this size are staged in temp files instead
   */
  public record Step(int firstPart, int lastPart, long partSize, long bytesThrough, int buffers) {
    /** The most bytes part buffers of this size hold at once: {@code buffers * partSize}. */
    public long memory() {
      return buffers * partSize;
    }

    /** Whether parts of this size are larger than the budget and staged in temp files. */
    public boolean onDisk() {
      return buffers == 0;
    }
  }

  /** Every run of equal part sizes from part 1 to part 10,000. */
  public List<Step> steps() {
    var steps = new ArrayList<Step>();
    int stride = schedule.stride();
    int first = 1;
    while (first <= MAX_PARTS) {
      long size = schedule.partSize(first);
      // Sizes change only at the first part of a stride; at the 5 GiB cap they stop changing.
      int last = Math.min(MAX_PARTS, first + stride - 1);
      while (last < MAX_PARTS && schedule.partSize(last + 1) == size) {
        last = Math.min(MAX_PARTS, last + stride);
      }
      steps.add(new Step(first, last, size, schedule.capacity(last), buffers(size)));
      first = last + 1;
    }
    return List.copyOf(steps);
  }

  /**
   * How many parts an object of {@code bytes} takes: 1 for an object shorter than the first part,
   * which is sent as one PutObject; -1 if 10,000 parts cannot hold it.
   */
  public int parts(long bytes) {
    if (bytes <= schedule.first()) {
      return 1;
    }
    if (schedule.capacity(MAX_PARTS) < bytes) {
      return -1;
    }
    int low = 1;
    int high = MAX_PARTS;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (schedule.capacity(mid) >= bytes) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  /** Whether an object of {@code bytes} is sent as one PutObject rather than in parts. */
  public boolean singleRequest(long bytes) {
    return bytes < schedule.first();
  }

  /** The size of the first part. */
  public long firstPartSize() {
    return schedule.first();
  }

  /** The size of part {@code number}, counting from 1. */
  public long partSize(int number) {
    return schedule.partSize(number);
  }

  /** The largest object the 10,000 parts hold. */
  public long maxObjectSize() {
    return schedule.capacity(MAX_PARTS);
  }

  /** The most bytes all part buffers hold at once ({@code --max-memory}). */
  public long maxMemory() {
    return maxMemory;
  }

  /** The most parts uploaded at once. */
  public int parallelism() {
    return parallelism;
  }

  /** How many buffers of {@code size} bytes the upload holds at once; 0 when staged on disk. */
  private int buffers(long size) {
    if (!PartFlow.inMemory(size, maxMemory)) {
      return 0;
    }
    return (int) Math.min(parallelism, maxMemory / size);
  }
}
