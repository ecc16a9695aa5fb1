package dev.sluice.cli;

import dev.sluice.core.manifest.ManifestJson;
import dev.sluice.core.manifest.Stored;
import dev.sluice.core.manifest.Verification;
import dev.sluice.core.shard.SetManifest;
import dev.sluice.core.shard.ShardPattern;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code sluice verify 'part-{shard}.csv'}: the set manifest, then every shard it lists, each
 * against its own manifest (read back in one stream) and each manifest against the set's entry; an
 * object the set does not list under the pattern is a mismatch too. Prints {@code OK} or {@code
 * MISMATCH} per shard and one line for the set.
 */
final class SetVerification {
  private final Shell shell;
  private final Function<String, Stored> s3;

  SetVerification(Shell shell, Function<String, Stored> s3) {
    this.shell = shell;
    this.s3 = s3;
  }

  int run(String pattern) throws IOException {
    var one = ShardPattern.of(pattern, 1);
    var setStored = Destination.stored(one.setName(), s3);
    SetManifest set;
    try (var in = setStored.openManifest()) {
      set = SetManifest.fromJson(in);
    } catch (NoSuchFileException e) {
      shell
          .err()
          .println(
              "sluice: "
                  + pattern
                  + ": no set manifest at "
                  + setStored.manifestDestination()
                  + " (the sharded export did not finish)");
      return VerifyCommand.NO_MANIFEST;
    } catch (IOException e) {
      shell.err().println("sluice: " + setStored.manifestDestination() + ": " + e.getMessage());
      return VerifyCommand.NO_MANIFEST;
    }
    var names = ShardPattern.of(pattern, set.shards().size());
    var problems = new ArrayList<String>();
    for (var entry : set.shards()) {
      var problem = shard(names.name(entry.index()), entry);
      if (problem != null) {
        problems.add("shard " + names.number(entry.index()) + ": " + problem);
      }
    }
    for (var extra : extras(names, pattern)) {
      print("MISMATCH " + extra + ": not in the set manifest (" + set.shards().size() + " shards)");
      problems.add("extra object " + extra);
    }
    if (problems.isEmpty()) {
      print(
          String.format(
              Locale.ROOT,
              "OK set %s: %d shards, %d rows, %d bytes, consistency %s%s",
              pattern,
              set.shards().size(),
              set.rows(),
              set.storedBytes(),
              set.consistency().jsonName(),
              set.snapshot() != null ? " (snapshot " + set.snapshot() + ")" : ""));
      return ExitCodes.OK;
    }
    print("MISMATCH set " + pattern + ": " + String.join("; ", problems));
    return VerifyCommand.MISMATCH;
  }

  /** Checks one shard and prints its line; the problem in a few words, or null when it matches. */
  private String shard(String name, SetManifest.Entry entry) throws IOException {
    var stored = Destination.stored(name, s3);
    dev.sluice.core.manifest.Manifest manifest;
    try (var in = stored.openManifest()) {
      manifest = ManifestJson.read(in);
    } catch (NoSuchFileException e) {
      print("MISMATCH " + stored.destination() + ": missing (no manifest)");
      return "missing";
    }
    if (!manifest.sha256Stored().equals(entry.sha256Stored()) || manifest.rows() != entry.rows()) {
      print(
          "MISMATCH "
              + stored.destination()
              + ": its manifest is not the one the set lists (the shard was exported again"
              + " outside this set)");
      return "replaced";
    }
    Verification v;
    try (InputStream in = stored.openData()) {
      v = Verification.of(manifest, in);
    } catch (NoSuchFileException e) {
      print("MISMATCH " + stored.destination() + ": data: missing");
      return "missing";
    }
    if (v.matches()) {
      print(
          "OK " + stored.destination() + ": " + v.rows() + " rows, " + v.storedBytes() + " bytes");
      return null;
    }
    print("MISMATCH " + stored.destination() + ": " + String.join("; ", v.differences()));
    return "changed";
  }

  /**
   * Objects the pattern names that the set does not list: files in the pattern's directory whose
   * name has another number; on S3 the next numbers after the last shard.
   */
  private List<String> extras(ShardPattern names, String pattern) throws IOException {
    var found = new ArrayList<String>();
    if (pattern.regionMatches(true, 0, "s3://", 0, 5)) {
      for (var next : List.of(pad(names.shards(), names.width()), String.valueOf(names.shards()))) {
        var name = pattern.replace(ShardPattern.PLACEHOLDER, next);
        try (var in = Destination.stored(name, s3).openData()) {
          found.add(name);
        } catch (NoSuchFileException e) {
          // Not there: as it should be.
        }
      }
      return found;
    }
    var path = Destination.stored(names.name(0), s3).destination();
    var file = Path.of(path);
    var dir = file.getParent();
    var base = Path.of(pattern).getFileName().toString();
    if (!base.contains(ShardPattern.PLACEHOLDER) || dir == null || !Files.isDirectory(dir)) {
      return found;
    }
    var parts = base.split(Pattern.quote(ShardPattern.PLACEHOLDER), -1);
    var regex = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      regex.append(i == 0 ? "" : "([0-9]+)").append(Pattern.quote(parts[i]));
    }
    var matcher = Pattern.compile(regex.toString());
    var listed = new java.util.HashSet<String>();
    for (int i = 0; i < names.shards(); i++) {
      listed.add(Path.of(names.name(i)).getFileName().toString());
    }
    try (var files = Files.list(dir)) {
      for (var f : (Iterable<Path>) files.sorted()::iterator) {
        var n = f.getFileName().toString();
        if (matcher.matcher(n).matches() && !listed.contains(n)) {
          found.add(f.toString());
        }
      }
    }
    return found;
  }

  private static String pad(int n, int width) {
    var s = String.valueOf(n);
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }

  private void print(String line) throws IOException {
    shell.out().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    shell.out().flush();
  }
}
