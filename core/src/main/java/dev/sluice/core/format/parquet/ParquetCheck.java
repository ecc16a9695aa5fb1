package dev.sluice.core.format.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * A Parquet file read through as a stream, for {@code sluice verify}: no seeking, so it works on an
 * S3 object as it downloads. It walks the pages from the first byte, header by header, noting where
 * each is and how many values it holds; keeps the last bytes, where the footer is; then reads the
 * footer and checks that the pages it walked are exactly the column chunks the footer lists, that
 * each chunk holds the values the footer says, and that a row group's rows, counted from the data
 * pages of a column that is not a list, are the footer's. Page contents are not decompressed.
 *
 * @param rows the rows counted from the data pages (the footer's, when every column is a list)
 * @param footerRows the rows the footer declares
 * @param rowGroups the rows of each row group, from the footer
 * @param problem what is wrong with the file, or null
 */
public record ParquetCheck(long rows, long footerRows, List<Long> rowGroups, String problem) {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  /** The most footer bytes this reads; Sluice's footers are a few KiB. */
  private static final int TAIL = 8 << 20;

  /** One page walked: where its header starts, where its data ends, and what it is. */
  private record Page(long start, long end, PageType type, long values) {}

  /** Reads {@code in} to its end; does not close it. */
  public static ParquetCheck read(InputStream in) throws IOException {
    var s = new Tail(in, TAIL);
    byte[] head = s.readNBytes(4);
    if (!Arrays.equals(head, MAGIC)) {
      s.drain();
      return broken("data: not a Parquet file (it does not start with PAR1)");
    }
    var pages = new ArrayList<Page>();
    while (true) {
      long start = s.position;
      PageHeader h;
      try {
        h = Util.readPageHeader(s);
      } catch (IOException | RuntimeException e) {
        break; // Past the last page: the column indexes and the footer follow.
      }
      if (h.getCompressed_page_size() < 0 || h.getType() == null) {
        break;
      }
      s.skipNBytes(h.getCompressed_page_size());
      long values =
          switch (h.getType()) {
            case DATA_PAGE -> h.getData_page_header().getNum_values();
            case DATA_PAGE_V2 -> h.getData_page_header_v2().getNum_values();
            default -> 0;
          };
      pages.add(new Page(start, s.position, h.getType(), values));
    }
    s.drain();
    byte[] tail = s.tail();
    int n = tail.length;
    if (n < 12 || !Arrays.equals(Arrays.copyOfRange(tail, n - 4, n), MAGIC)) {
      return broken("data: the Parquet file has no footer (it does not end with PAR1)");
    }
    int length =
        (tail[n - 8] & 0xff)
            | (tail[n - 7] & 0xff) << 8
            | (tail[n - 6] & 0xff) << 16
            | (tail[n - 5] & 0xff) << 24;
    if (length <= 0 || length > n - 8) {
      return broken(
          "data: the Parquet footer's length is " + length + " bytes, beyond what was read");
    }
    FileMetaData footer;
    try {
      footer = Util.readFileMetaData(new ByteArrayInputStream(tail, n - 8 - length, length));
    } catch (IOException e) {
      return broken("data: the Parquet footer cannot be read: " + e.getMessage());
    }
    return check(footer, pages);
  }

  private static ParquetCheck check(FileMetaData footer, List<Page> pages) {
    var groups = new ArrayList<Long>();
    long counted = 0;
    String problem = null;
    int next = 0;
    for (int g = 0; g < footer.getRow_groupsSize(); g++) {
      RowGroup rg = footer.getRow_groups().get(g);
      groups.add(rg.getNum_rows());
      long groupRows = -1;
      for (int c = 0; c < rg.getColumnsSize(); c++) {
        ColumnChunk chunk = rg.getColumns().get(c);
        var meta = chunk.getMeta_data();
        long start =
            meta.isSetDictionary_page_offset()
                ? meta.getDictionary_page_offset()
                : meta.getData_page_offset();
        long end = start + meta.getTotal_compressed_size();
        long values = 0;
        long at = start;
        while (next < pages.size() && pages.get(next).start() == at && at < end) {
          values += pages.get(next).values();
          at = pages.get(next++).end();
        }
        var where = "row group " + g + ", column " + String.join(".", meta.getPath_in_schema());
        if (at != end) {
          problem =
              problem != null
                  ? problem
                  : "data: " + where + ": its pages end at " + at + " but the footer says " + end;
        } else if (values != meta.getNum_values()) {
          problem =
              problem != null
                  ? problem
                  : "data: "
                      + where
                      + ": "
                      + values
                      + " values in its pages, "
                      + meta.getNum_values()
                      + " in the footer";
        }
        if (groupRows < 0 && flat(footer, meta.getPath_in_schema())) {
          groupRows = values;
        }
      }
      counted += groupRows < 0 ? rg.getNum_rows() : groupRows;
    }
    return new ParquetCheck(counted, footer.getNum_rows(), groups, problem);
  }

  /** Whether the column at {@code path} is a top-level scalar (one value per row). */
  private static boolean flat(FileMetaData footer, List<String> path) {
    return path.size() == 1;
  }

  private static ParquetCheck broken(String problem) {
    return new ParquetCheck(0, 0, List.of(), problem);
  }

  /** A stream that counts its position and keeps its last bytes. */
  private static final class Tail extends InputStream {
    private final InputStream in;
    private final byte[] ring;
    private long position;

    Tail(InputStream in, int keep) {
      this.in = in;
      this.ring = new byte[keep];
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        ring[(int) (position++ % ring.length)] = (byte) b;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      for (int i = 0; i < n; i++) {
        ring[(int) ((position + i) % ring.length)] = b[off + i];
      }
      if (n > 0) {
        position += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      var buffer = new byte[(int) Math.min(n, 64 * 1024)];
      long left = n;
      while (left > 0) {
        int r = read(buffer, 0, (int) Math.min(left, buffer.length));
        if (r < 0) {
          break;
        }
        left -= r;
      }
      return n - left;
    }

    void drain() throws IOException {
      var buffer = new byte[64 * 1024];
      while (read(buffer, 0, buffer.length) >= 0) {
        // Only the position and the tail matter.
      }
    }

    /** The last bytes read, at most the ring's size, in order. */
    byte[] tail() {
      int n = (int) Math.min(position, ring.length);
      var out = new byte[n];
      for (int i = 0; i < n; i++) {
        out[i] = ring[(int) ((position - n + i) % ring.length)];
      }
      return out;
    }
  }
}
