package dev.sluice.core.format.parquet;

import dev.sluice.core.format.RowEncoder;
import dev.sluice.core.source.Rows;
import dev.sluice.core.source.Value;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Rows to a Parquet file, one row group at a time, through parquet-java's column writers and file
 * writer with no Hadoop classes: the file goes to the stream through {@link StreamOutputFile}, the
 * pages are compressed by {@link PageCompressors}.
 *
 * <p>Memory: the current row group, whose pages the column writers hold compressed (and the page
 * being filled, up to 1 MiB per column, as it is), until it reaches {@link
 * ParquetOptions#rowGroupBytes()} or {@link ParquetOptions#rowGroupRows()}; then its column chunks
 * are written to the stream, in order, and the memory is given back. The footer follows the last
 * row group, so the stream holds a readable file only once {@link #end()} has returned: a file cut
 * off before that has no footer and no reader will open it, which is why the export's sinks never
 * commit one.
 *
 * <p>Values that the column's Parquet type cannot hold exactly fail the export with the column's
 * name and the value (see {@code docs/types.md}).
 */
public final class ParquetEncoder implements RowEncoder {
  /** The most rows between two looks at the buffered bytes, which cost a walk over the columns. */
  private static final int CHECK_EVERY = 128;

  private final Rows rows;
  private final ParquetOptions options;
  private final MessageType schema;
  private final ParquetProperties properties;
  private final ParquetFileWriter file;
  private final BytesInputCompressor compressor;
  private final Value[] values;
  private final Leaf[] scalars;
  private final ListSlot[] lists;
  private final List<Long> rowGroups = new ArrayList<>();

  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore columns;
  private long groupRows;

  /** The row count at which the buffered bytes are next compared with the cap. */
  private long nextCheck;

  private ParquetEncoder(Rows rows, ParquetOptions options, OutputStream out) throws IOException {
    this.rows = rows;
    this.options = options;
    this.schema = ParquetTypes.schema(rows.columns());
    this.properties =
        ParquetProperties.builder()
            .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
            .withSizeStatisticsEnabled(false)
            // Pages are sized from the first row on, so a page of wide rows stays near 1 MiB.
            .withMinRowCountForPageSizeCheck(1)
            .build();
    this.file =
        new ParquetFileWriter(
            new StreamOutputFile(out),
            schema,
            ParquetFileWriter.Mode.CREATE,
            options.rowGroupBytes(),
            0,
            null,
            properties);
    this.compressor =
        new PageCompressors(options.codec(), options.level())
            .getCompressor(options.codec().codecName());
    int n = rows.columns().size();
    this.values = new Value[n];
    this.scalars = new Leaf[n];
    this.lists = new ListSlot[n];
    var descriptors = schema.getColumns();
    for (int i = 0; i < n; i++) {
      values[i] = rows.value(i);
      var name = rows.columns().get(i).name();
      var leaf = Leaves.of(name, descriptors.get(i).getPrimitiveType());
      if (schema.getType(i).isPrimitive()) {
        scalars[i] = leaf;
      } else {
        lists[i] = new ListSlot(leaf);
      }
    }
  }

  /**
   * An encoder of {@code rows} into {@code out} as one Parquet file; see {@link
   * dev.sluice.core.format.Format#encoder}.
   */
  public static ParquetEncoder of(Rows rows, ParquetOptions options, OutputStream out)
      throws IOException {
    return new ParquetEncoder(
        Objects.requireNonNull(rows, "rows"),
        Objects.requireNonNull(options, "options"),
        Objects.requireNonNull(out, "out"));
  }

  @Override
  public void begin() throws IOException {
    file.start();
    startRowGroup();
  }

  @Override
  public void write() throws IOException {
    for (int i = 0; i < values.length; i++) {
      var leaf = scalars[i];
      if (leaf != null) {
        leaf.scalar(values[i]);
      } else {
        lists[i].write(values[i]);
      }
    }
    columns.endRecord();
    long n = ++groupRows;
    if (n >= options.rowGroupRows() || (n >= nextCheck && full(n))) {
      endRowGroup();
      startRowGroup();
    }
  }

  @Override
  public void end() throws IOException {
    if (groupRows > 0) {
      endRowGroup();
    } else {
      columns.close();
      pages.close();
    }
    file.end(Map.of("writer.model.name", "sluice"));
    compressor.release();
  }

  /** The rows of each row group written, in order; complete after {@link #end()}. */
  @Override
  public List<Long> rowGroups() {
    return List.copyOf(rowGroups);
  }

  /**
   * Whether the row group's buffered bytes reached the cap; if not, when to look again: after half
   * the rows that would fill it at the average size so far, and at most {@link #CHECK_EVERY} rows
   * on, so wide rows (a megabyte of text each) are looked at every row.
   */
  private boolean full(long n) {
    long buffered = columns.getBufferedSize();
    long cap = options.rowGroupBytes();
    if (buffered >= cap) {
      return true;
    }
    long perRow = Math.max(1, buffered / n);
    nextCheck = n + Math.max(1, Math.min(CHECK_EVERY, (cap - buffered) / perRow / 2));
    return false;
  }

  private void startRowGroup() {
    pages =
        new ColumnChunkPageWriteStore(
            compressor,
            schema,
            properties.getAllocator(),
            properties.getColumnIndexTruncateLength(),
            properties.getPageWriteChecksumEnabled());
    columns = properties.newColumnWriteStore(schema, pages, pages);
    var descriptors = schema.getColumns();
    for (int i = 0; i < values.length; i++) {
      var leaf = scalars[i] != null ? scalars[i] : lists[i].leaf();
      leaf.w = columns.getColumnWriter(descriptors.get(i));
    }
    groupRows = 0;
    nextCheck = 1;
  }

  private void endRowGroup() throws IOException {
    file.startBlock(groupRows);
    columns.flush();
    pages.flushToFileWriter(file);
    file.endBlock();
    rowGroups.add(groupRows);
    columns.close();
    pages.close();
  }
}
