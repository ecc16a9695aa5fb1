package dev.sluice.core.format.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * DECIMAL(p,s): the value's digits as an unscaled integer at scale s, in INT32 (p &lt;= 9), INT64
 * (p &lt;= 18) or a fixed-length two's complement. Exact or not at all: a value with more fraction
 * digits than s (other than trailing zeros), more than p digits, or NaN and the infinities, fails
 * the export, never rounded. The database's plain digits ({@code -123.45}) are parsed without a
 * BigDecimal when they fit a long.
 */
final class DecimalLeaf extends Leaf {
  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private final int precision;
  private final int scale;
  private final PrimitiveTypeName physical;
  private final byte[] fixed;

  DecimalLeaf(String column, PrimitiveType type, int precision, int scale) {
    super(column, type);
    this.precision = precision;
    this.scale = scale;
    this.physical = type.getPrimitiveTypeName();
    this.fixed = new byte[Math.max(type.getTypeLength(), 0)];
  }

  @Override
  void ofText(byte[] b, int off, int len, int r, int d) {
    if (physical != PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
      long unscaled = unscaled(b, off, len);
      if (unscaled != Long.MIN_VALUE) {
        writeLong(unscaled, r, d);
        return;
      }
    }
    ofString(text(b, off, len), r, d);
  }

  /**
   * The unscaled value of plain digits {@code [-]ddd[.ddd]} at this scale, or {@link
   * Long#MIN_VALUE} when the text is anything else or has too many digits for the fast way.
   */
  private long unscaled(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    boolean negative = len > 0 && b[i] == '-';
    if (negative) {
      i++;
    }
    long v = 0;
    int digits = 0;
    int fraction = -1;
    for (; i < end; i++) {
      byte c = b[i];
      if (c == '.' && fraction < 0) {
        fraction = 0;
        continue;
      }
      int digit = c - '0';
      if (digit < 0 || digit > 9 || digits == 18) {
        return Long.MIN_VALUE;
      }
      if (fraction >= 0) {
        if (fraction == scale) {
          if (digit != 0) {
            throw unfit(
                "the value "
                    + NumberLeaves.quoted(b, off, len)
                    + " (more digits than "
                    + scale
                    + " after the point)");
          }
          continue; // A trailing zero past the scale changes nothing.
        }
        fraction++;
      }
      v = v * 10 + digit;
      if (v != 0) {
        digits++;
      }
    }
    if (fraction < 0) {
      fraction = 0;
    }
    if (digits + scale - fraction > 18) {
      return Long.MIN_VALUE;
    }
    v *= POW10[scale - fraction];
    return negative ? -v : v;
  }

  @Override
  void ofString(String s, int r, int d) {
    BigDecimal v;
    try {
      v = new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw unfit("the value \"" + s + "\"");
    }
    ofDecimal(v, r, d);
  }

  @Override
  void ofLong(long v, int r, int d) {
    ofDecimal(BigDecimal.valueOf(v), r, d);
  }

  @Override
  void ofDouble(double v, int r, int d) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw unfit("the number " + v);
    }
    ofDecimal(new BigDecimal(Double.toString(v)), r, d);
  }

  private void ofDecimal(BigDecimal v, int r, int d) {
    BigDecimal scaled;
    try {
      scaled = v.setScale(scale, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw unfit(
          "the value " + v.toPlainString() + " (more digits than " + scale + " after the point)");
    }
    if (scaled.precision() > precision && scaled.signum() != 0) {
      throw unfit("the value " + v.toPlainString() + " (more than " + precision + " digits)");
    }
    BigInteger unscaled = scaled.unscaledValue();
    if (physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
      byte[] two = unscaled.toByteArray();
      byte pad = (byte) (unscaled.signum() < 0 ? -1 : 0);
      int lead = fixed.length - two.length;
      java.util.Arrays.fill(fixed, 0, lead, pad);
      System.arraycopy(two, 0, fixed, lead, two.length);
      w.write(Binary.fromReusedByteArray(fixed), r, d);
    } else {
      writeLong(unscaled.longValue(), r, d);
    }
  }

  private void writeLong(long unscaled, int r, int d) {
    if (Math.abs(unscaled) >= POW10[precision] || unscaled == Long.MIN_VALUE) {
      throw unfit("a value of " + precision + " digits or more");
    }
    if (physical == PrimitiveTypeName.INT32) {
      w.write((int) unscaled, r, d);
    } else {
      w.write(unscaled, r, d);
    }
  }
}
