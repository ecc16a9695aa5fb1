package dev.sluice.core.format.parquet;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Picks the {@link Leaf} that writes a Parquet primitive type: the schema decides, nothing else.
 */
final class Leaves {
  private Leaves() {}

  static Leaf of(String column, PrimitiveType t) {
    var a = t.getLogicalTypeAnnotation();
    if (a instanceof DecimalLogicalTypeAnnotation d) {
      return new DecimalLeaf(column, t, d.getPrecision(), d.getScale());
    }
    return switch (t.getPrimitiveTypeName()) {
      case INT32 ->
          a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
              ? new TimeLeaves.Date(column, t)
              : new NumberLeaves.Int32(column, t, bits(a));
      case INT64 -> {
        if (a instanceof TimestampLogicalTypeAnnotation ts) {
          yield ts.isAdjustedToUTC()
              ? new TimeLeaves.TimestampTz(column, t)
              : new TimeLeaves.Timestamp(column, t);
        }
        if (a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
          yield new TimeLeaves.Time(column, t);
        }
        yield new NumberLeaves.Int64(
            column, t, a instanceof IntLogicalTypeAnnotation i && !i.isSigned());
      }
      case FLOAT -> new NumberLeaves.Float32(column, t);
      case DOUBLE -> new NumberLeaves.Float64(column, t);
      case BOOLEAN -> new NumberLeaves.Bool(column, t);
      case FIXED_LEN_BYTE_ARRAY -> new TextLeaves.Uuid(column, t);
      case BINARY -> a == null ? new TextLeaves.Bytes(column, t) : new TextLeaves.Utf8(column, t);
      case INT96 -> throw new IllegalArgumentException("INT96 is never written: " + t);
    };
  }

  private static int bits(LogicalTypeAnnotation a) {
    return a instanceof IntLogicalTypeAnnotation i ? i.getBitWidth() : 32;
  }
}
