package dev.sluice.core.format.parquet;

import org.apache.parquet.schema.PrimitiveType;

/** Integers, floating-point numbers and booleans. */
final class NumberLeaves {
  private NumberLeaves() {}

  /**
   * Parses ASCII digits with an optional sign; {@link Long#MIN_VALUE} and anything else that is not
   * a plain integer go to {@link Long#parseLong}, which fails on what is not one.
   */
  static long parseLong(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    boolean negative = len > 0 && b[i] == '-';
    if (negative || (len > 0 && b[i] == '+')) {
      i++;
    }
    if (end - i < 1 || end - i > 18) {
      return Long.parseLong(Leaf.text(b, off, len));
    }
    long v = 0;
    for (; i < end; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9) {
        return Long.parseLong(Leaf.text(b, off, len));
      }
      v = v * 10 + digit;
    }
    return negative ? -v : v;
  }

  static final class Int64 extends Leaf {
    private final boolean unsigned;

    Int64(String column, PrimitiveType type, boolean unsigned) {
      super(column, type);
      this.unsigned = unsigned;
    }

    @Override
    void ofLong(long v, int r, int d) {
      if (unsigned && v < 0) {
        throw unfit("the negative number " + v);
      }
      w.write(v, r, d);
    }

    @Override
    void ofText(byte[] b, int off, int len, int r, int d) {
      long v;
      try {
        v = unsigned ? Long.parseUnsignedLong(text(b, off, len)) : parseLong(b, off, len);
      } catch (NumberFormatException e) {
        throw unfit("the value " + quoted(b, off, len));
      }
      w.write(v, r, d);
    }

    @Override
    void ofDouble(double v, int r, int d) {
      if (v != Math.rint(v) || Math.abs(v) >= 0x1p63) {
        throw unfit("the number " + v);
      }
      ofLong((long) v, r, d);
    }
  }

  static final class Int32 extends Leaf {
    private final long min;
    private final long max;

    Int32(String column, PrimitiveType type, int bits) {
      super(column, type);
      this.min = -(1L << (bits - 1));
      this.max = (1L << (bits - 1)) - 1;
    }

    @Override
    void ofLong(long v, int r, int d) {
      if (v < min || v > max) {
        throw unfit("the number " + v);
      }
      w.write((int) v, r, d);
    }

    @Override
    void ofText(byte[] b, int off, int len, int r, int d) {
      long v;
      try {
        v = parseLong(b, off, len);
      } catch (NumberFormatException e) {
        throw unfit("the value " + quoted(b, off, len));
      }
      ofLong(v, r, d);
    }
  }

  static final class Float64 extends Leaf {
    Float64(String column, PrimitiveType type) {
      super(column, type);
    }

    @Override
    void ofDouble(double v, int r, int d) {
      w.write(v, r, d);
    }

    @Override
    void ofFloat(float v, int r, int d) {
      w.write((double) v, r, d);
    }

    @Override
    void ofLong(long v, int r, int d) {
      if ((long) (double) v != v || v == Long.MAX_VALUE) {
        throw unfit("the integer " + v + " (not exact as a double)");
      }
      w.write((double) v, r, d);
    }

    @Override
    void ofText(byte[] b, int off, int len, int r, int d) {
      try {
        w.write(Double.parseDouble(text(b, off, len)), r, d);
      } catch (NumberFormatException e) {
        throw unfit("the value " + quoted(b, off, len));
      }
    }
  }

  static final class Float32 extends Leaf {
    Float32(String column, PrimitiveType type) {
      super(column, type);
    }

    @Override
    void ofFloat(float v, int r, int d) {
      w.write(v, r, d);
    }

    @Override
    void ofDouble(double v, int r, int d) {
      float f = (float) v;
      if (f != v && !Double.isNaN(v)) {
        throw unfit("the double " + v);
      }
      w.write(f, r, d);
    }

    @Override
    void ofText(byte[] b, int off, int len, int r, int d) {
      try {
        w.write(Float.parseFloat(text(b, off, len)), r, d);
      } catch (NumberFormatException e) {
        throw unfit("the value " + quoted(b, off, len));
      }
    }
  }

  static final class Bool extends Leaf {
    Bool(String column, PrimitiveType type) {
      super(column, type);
    }

    @Override
    void ofBoolean(boolean v, int r, int d) {
      w.write(v, r, d);
    }

    @Override
    void ofLong(long v, int r, int d) {
      if (v != 0 && v != 1) {
        throw unfit("the number " + v);
      }
      w.write(v == 1, r, d);
    }

    @Override
    void ofText(byte[] b, int off, int len, int r, int d) {
      switch (text(b, off, len)) {
        case "t", "true", "1" -> w.write(true, r, d);
        case "f", "false", "0" -> w.write(false, r, d);
        default -> throw unfit("the value " + quoted(b, off, len));
      }
    }
  }

  /** The text of a value for a message, cut at 40 characters. */
  static String quoted(byte[] b, int off, int len) {
    var s = Leaf.text(b, off, Math.min(len, 40));
    return "\"" + s + (len > 40 ? "..." : "") + "\"";
  }
}
