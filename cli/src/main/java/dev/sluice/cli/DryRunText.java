package dev.sluice.cli;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.text.ByteSize;
import dev.sluice.s3.UploadPlan;
import java.util.Locale;

/** A {@link DryRunPlan} for people: a heading per part, estimates marked {@code ~}. */
final class DryRunText {
  private DryRunText() {}

  static String of(DryRunPlan plan) {
    var t = new StringBuilder();
    t.append(
        plan.rows() == null
            ? "sluice export --dry-run: the query was described, not run; nothing was written.\n"
            : "sluice export --dry-run: the query was described, and run only for its first rows"
                + " to weigh them; nothing was written.\n");
    line(t, "source", plan.source());
    line(t, "format", format(plan));
    columns(t, plan);
    line(t, "rows", rows(plan));
    line(t, "bytes", bytes(plan));
    line(t, "destination", plan.destination().where() + ": " + plan.destination().how());
    line(t, "manifest", plan.manifest() != null ? plan.manifest() : "none");
    if (plan.upload() != null) {
      upload(t, plan);
    }
    line(
        t,
        "memory",
        (plan.upload() != null
                ? "part buffers at most "
                    + ByteSize.format(plan.upload().maxMemory())
                    + " (--max-memory), at most "
                    + plan.upload().parallelism()
                    + " parts uploading at once; "
                : "")
            + "heap at most "
            + ByteSize.format(plan.heap())
            + " (-Xmx, JAVA_OPTS)");
    if (!plan.shards().isEmpty()) {
      shards(t, plan);
    }
    return t.toString();
  }

  private static String format(DryRunPlan plan) {
    var f = plan.format();
    var text = new StringBuilder(name(f)).append(" (").append(f.mediaType()).append(")");
    if (f == Format.PARQUET) {
      var parquet = plan.options().parquet();
      text.append(
          String.format(
              Locale.ROOT,
              ", pages %s; row groups up to %s or %,d rows",
              parquet.codec().label(),
              ByteSize.format(parquet.rowGroupBytes()),
              parquet.rowGroupRows()));
    } else if (plan.compression() == Compression.NONE) {
      text.append(", not compressed");
    } else {
      text.append(
          String.format(
              Locale.ROOT,
              ", %s level %d on %s (Content-Encoding: %s)",
              name(plan.compression()),
              plan.level(),
              plan.compression().implementation(plan.level()),
              plan.compression().contentEncoding()));
    }
    if (f == Format.CSV) {
      text.append("; ").append(csv(plan.options()));
    }
    return text.toString();
  }

  private static void columns(StringBuilder t, DryRunPlan plan) {
    var columns = plan.columns();
    line(t, "columns", columns.size() + ", each as " + name(plan.format()) + " writes it:");
    int name = "name".length();
    int sql = "database type".length();
    int out = "output type".length();
    int type = name(plan.format()).length();
    for (var c : columns) {
      name = Math.max(name, c.column().name().length());
      sql = Math.max(sql, c.column().sqlType().length());
      out = Math.max(out, c.column().outputType().length());
      type = Math.max(type, c.mapping().type().length());
    }
    var row = "  %-" + name + "s  %-" + sql + "s  %-" + out + "s  %-" + type + "s  %s\n";
    t.append(
        String.format(
            Locale.ROOT, row, "name", "database type", "output type", name(plan.format()), "how"));
    for (var c : columns) {
      t.append(
          String.format(
              Locale.ROOT,
              row,
              c.column().name(),
              c.column().sqlType(),
              c.column().outputType(),
              c.mapping().type(),
              c.mapping().form()));
    }
  }

  private static String rows(DryRunPlan plan) {
    if (plan.rows() == null) {
      return "unknown (the database gives no estimate without reading the rows)";
    }
    return String.format(
        Locale.ROOT, "~%,d (estimate: %s)", plan.rows().rows(), plan.rows().source());
  }

  private static String bytes(DryRunPlan plan) {
    var sample = plan.sample();
    if (plan.rows() == null) {
      return "unknown (no row estimate)";
    }
    if (sample == null) {
      return "unknown (the first rows did not come within "
          + ByteSample.LIMIT.toSeconds()
          + " s, or there were none)";
    }
    var compressed =
        plan.compression() == Compression.NONE
            ? ""
            : ", ~" + ByteSize.format(plan.storedBytes()) + " after " + name(plan.compression());
    return String.format(
        Locale.ROOT,
        "~%s%s (estimate: the first %s encoded, %,.0f B a row)",
        ByteSize.format(plan.rawBytes()),
        compressed,
        sample.rows() == 1 ? "row" : String.format(Locale.ROOT, "%,d rows", sample.rows()),
        (double) sample.rawBytes() / sample.rows());
  }

  private static void upload(StringBuilder t, DryRunPlan plan) {
    var upload = plan.upload();
    long stored = plan.storedBytes();
    String size;
    if (stored < 0) {
      size =
          String.format(
              Locale.ROOT,
              "the size is unknown; parts grow so that %,d of them hold %s",
              UploadPlan.MAX_PARTS,
              ByteSize.format(upload.maxObjectSize()));
    } else if (upload.singleRequest(stored)) {
      size = "~" + ByteSize.format(stored) + " is shorter than the first part: one PutObject";
    } else {
      int parts = upload.parts(stored);
      size =
          parts < 0
              ? String.format(
                  Locale.ROOT,
                  "~%s is more than %,d parts hold (%s)",
                  ByteSize.format(stored),
                  UploadPlan.MAX_PARTS,
                  ByteSize.format(upload.maxObjectSize()))
              : String.format(
                  Locale.ROOT,
                  "~%s takes ~%,d of at most %,d parts",
                  ByteSize.format(stored),
                  parts,
                  UploadPlan.MAX_PARTS);
    }
    line(t, "s3 parts", size + "; part sizes:");
    for (var step : upload.steps()) {
      var memory =
          step.onDisk()
              ? "each staged in a temp file (larger than --max-memory)"
              : String.format(
                  Locale.ROOT,
                  "buffers %d x %s = %s",
                  step.buffers(),
                  ByteSize.format(step.partSize()),
                  ByteSize.format(step.memory()));
      t.append(
          String.format(
              Locale.ROOT,
              "  parts %,6d to %,6d  %9s each  %10s in all  %s\n",
              step.firstPart(),
              step.lastPart(),
              ByteSize.format(step.partSize()),
              ByteSize.format(step.bytesThrough()),
              memory));
    }
  }

  private static void shards(StringBuilder t, DryRunPlan plan) {
    line(t, "shards", plan.shards().size() + ":");
    int i = 0;
    for (var shard : plan.shards()) {
      t.append(
          String.format(
              Locale.ROOT,
              "  %d  %s  %s rows  %s\n",
              i++,
              shard.bounds(),
              shard.rows() < 0 ? "?" : String.format(Locale.ROOT, "~%,d", shard.rows()),
              shard.bytes() < 0 ? "" : "~" + ByteSize.format(shard.bytes())));
    }
  }

  /** The CSV settings, for the format line. */
  private static String csv(FormatOptions options) {
    char d = options.csvDelimiter();
    return String.format(
        Locale.ROOT,
        "delimiter %s, NULL as %s, %s, lines end in %s",
        d == '\t' ? "tab" : "'" + d + "'",
        options.csvNull().isEmpty() ? "an empty field" : "'" + options.csvNull() + "'",
        options.csvHeader() ? "a header row" : "no header row",
        options.lineEnding().equals(FormatOptions.CRLF) ? "CRLF" : "LF");
  }

  private static void line(StringBuilder t, String heading, String text) {
    t.append(String.format(Locale.ROOT, "%-12s %s\n", heading, text));
  }

  private static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
