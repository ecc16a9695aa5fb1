package dev.sluice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man page in roff ({@code man(7)} macros) written from a command's picocli model: name,
 * synopsis, description, arguments, options (those of each option group under the group's heading),
 * subcommands, the usage footer (exit codes, examples) and the related pages. Being made from the
 * same {@link CommandSpec} as {@code --help}, it lists exactly the options the command has.
 *
 * <p>picocli's own generator writes AsciiDoc, which needs Asciidoctor (tens of megabytes) to become
 * roff; the subset of roff a man page needs is small enough to write here.
 */
final class ManPage {
  private static final Pattern FORMAT_NEWLINE = Pattern.compile("%n");

  private ManPage() {}

  /** The page's file name: {@code sluice.1}, {@code sluice-export.1}. */
  static String fileName(CommandSpec spec) {
    return name(spec) + ".1";
  }

  /** The pages' name: {@code sluice}, {@code sluice-export}. */
  static String name(CommandSpec spec) {
    return spec.qualifiedName("-");
  }

  /** The page for {@code spec}, {@code version} in its footer. */
  static String roff(CommandSpec spec, String version) {
    var page = new StringBuilder();
    var name = name(spec);
    page.append(".TH \"")
        .append(escape(name.toUpperCase(Locale.ROOT)))
        .append("\" 1 \"\" \"")
        .append(escape(version))
        .append("\" \"Sluice Manual\"\n");
    page.append(".SH NAME\n")
        .append(escape(name))
        .append(" \\- ")
        .append(escape(summary(spec)))
        .append('\n');

    page.append(".SH SYNOPSIS\n.nf\n");
    var synopsis = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).strip();
    page.append(preformatted(synopsis)).append(".fi\n");

    var description = spec.usageMessage().description();
    if (description.length > 0) {
      page.append(".SH DESCRIPTION\n");
      paragraphs(page, List.of(description));
    }

    var positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    if (!positionals.isEmpty()) {
      page.append(".SH ARGUMENTS\n");
      for (var p : positionals) {
        positional(page, p);
      }
    }

    var grouped = new ArrayList<OptionSpec>();
    for (var group : spec.argGroups()) {
      collect(group, grouped);
    }
    page.append(".SH OPTIONS\n");
    for (var option : spec.options()) {
      if (!option.hidden() && !grouped.contains(option)) {
        option(page, option);
      }
    }
    for (var group : spec.argGroups()) {
      group(page, group);
    }

    var subcommands =
        spec == spec.root()
            ? ManCommand.pages(spec).subList(1, ManCommand.pages(spec).size())
            : List.<CommandSpec>of();
    if (!subcommands.isEmpty()) {
      page.append(".SH COMMANDS\n");
      for (var sub : subcommands) {
        page.append(".TP\n\\fB")
            .append(escape(sub.name()))
            .append("\\fR\n")
            .append(escape(summary(sub)))
            .append(" See \\fB")
            .append(escape(name(sub)))
            .append("\\fR(1).\n");
      }
    }

    var footer = spec.usageMessage().footer();
    if (footer.length > 0) {
      page.append(".SH NOTES\n.nf\n");
      for (var line : footer) {
        page.append(preformatted(format(line))).append('\n');
      }
      page.append(".fi\n");
    }

    page.append(".SH SEE ALSO\n");
    var related = new ArrayList<String>();
    for (var other : ManCommand.pages(spec.root())) {
      if (other != spec) {
        related.add("\\fB" + escape(name(other)) + "\\fR(1)");
      }
    }
    page.append(String.join(", ", related)).append('\n');
    return page.toString();
  }

  private static void collect(ArgGroupSpec group, List<OptionSpec> into) {
    into.addAll(group.options());
    for (var sub : group.subgroups()) {
      collect(sub, into);
    }
  }

  private static void group(StringBuilder page, ArgGroupSpec group) {
    var heading = group.heading();
    var options = group.options().stream().filter(o -> !o.hidden()).toList();
    if (heading != null && !options.isEmpty()) {
      page.append(".SS \"").append(escape(format(heading).strip())).append("\"\n");
    }
    for (var option : options) {
      option(page, option);
    }
    for (var sub : group.subgroups()) {
      group(page, sub);
    }
  }

  private static void option(StringBuilder page, OptionSpec option) {
    page.append(".TP\n");
    var names = new ArrayList<String>();
    for (var n : option.names()) {
      names.add("\\fB" + escape(n) + "\\fR");
    }
    page.append(String.join(", ", names));
    if (option.typeInfo().isBoolean() && option.arity().max() == 0) {
      page.append('\n');
    } else {
      var label = option.paramLabel();
      var optional = option.arity().min() == 0;
      page.append(optional ? "[=\\fI" : "=\\fI")
          .append(escape(label))
          .append(optional ? "\\fR]\n" : "\\fR\n");
    }
    page.append(escape(String.join(" ", option.description()).strip())).append('\n');
  }

  private static void positional(StringBuilder page, PositionalParamSpec p) {
    page.append(".TP\n\\fI")
        .append(escape(p.paramLabel()))
        .append("\\fR\n")
        .append(escape(String.join(" ", p.description()).strip()))
        .append('\n');
  }

  /**
   * The description's lines as paragraphs: a blank line starts a new one, and lines indented by two
   * spaces (commands to type) are kept as written.
   */
  private static void paragraphs(StringBuilder page, List<String> lines) {
    boolean open = false;
    boolean verbatim = false;
    for (var line : lines) {
      var text = format(line);
      boolean indented = text.startsWith("  ") && !text.isBlank();
      if (verbatim && !indented) {
        page.append(".fi\n");
        verbatim = false;
      }
      if (text.isBlank()) {
        open = false;
      } else if (indented) {
        if (!verbatim) {
          page.append(".PP\n.nf\n");
          verbatim = true;
        }
        page.append(escape(text)).append('\n');
        open = false;
      } else {
        page.append(open ? "" : ".PP\n").append(escape(text.strip())).append('\n');
        open = true;
      }
    }
    if (verbatim) {
      page.append(".fi\n");
    }
  }

  /** The first sentence of the description, for NAME and the list of commands. */
  private static String summary(CommandSpec spec) {
    var description = spec.usageMessage().description();
    var first = description.length == 0 ? spec.name() : format(description[0]).strip();
    int dot = first.indexOf(". ");
    return dot < 0 ? first.replaceAll("\\.$", "") : first.substring(0, dot);
  }

  /** picocli's format line breaks ({@code %n}) as spaces, and {@code %%} as {@code %}. */
  private static String format(String line) {
    return FORMAT_NEWLINE.matcher(line).replaceAll(" ").replace("%%", "%");
  }

  /** A line kept as written (in {@code .nf}), escaped. */
  private static String preformatted(String text) {
    var lines = new ArrayList<String>();
    for (var line : text.split("\n", -1)) {
      lines.add(escape(line));
    }
    return String.join("\n", lines) + "\n";
  }

  /**
   * {@code text} safe in roff: backslashes and hyphens escaped, and a line that would start with a
   * control character ({@code .} or {@code '}) led by a zero-width {@code \&}.
   */
  static String escape(String text) {
    var s = text.replace("\\", "\\e").replace("-", "\\-");
    var out = new StringBuilder();
    for (var line : s.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      if (line.startsWith(".") || line.startsWith("'")) {
        out.append("\\&");
      }
      out.append(line);
    }
    return out.toString();
  }
}
