package dev.sluice.cli;

import dev.sluice.core.format.Format;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for options whose value is one of a few words ({@code --format csv}, {@code --compress
 * zstd}), in any case, with a message that lists the words when the value is none of them.
 */
final class Choices {
  private Choices() {}

  static final class FormatConverter implements ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      return parse(Format.class, value, "ndjson, csv, json or parquet");
    }
  }

  static <E extends Enum<E>> E parse(Class<E> type, String value, String choices) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value + "' is not one of " + choices);
    }
  }
}
