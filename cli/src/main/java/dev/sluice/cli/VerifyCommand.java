package dev.sluice.cli;

import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.manifest.ManifestJson;
import dev.sluice.core.manifest.Verification;
import dev.sluice.core.shard.ShardPattern;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sluice verify <destination>}: reads an export back in one stream, recomputes the SHA-256
 * of the stored and of the uncompressed bytes and counts the rows by decoding the format, and
 * compares them with the manifest beside it. Prints {@code OK ...} or {@code MISMATCH ...} naming
 * every difference to stdout; problems that stop the check go to stderr as one line.
 */
@Command(
    name = "verify",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    description = {
      "Checks an export against the manifest written beside it: the row count, the bytes and the"
          + " SHA-256 of the stored and of the uncompressed data, read back in one stream.",
      "A destination without a manifest did not finish exporting (or ran with --no-manifest)."
    },
    footer = {
      "",
      "Exit codes: 0 the data matches its manifest, 1 it does not (or cannot be read),"
          + " 2 no manifest.",
      "",
      "Examples:",
      "  sluice verify orders.ndjson.gz",
      "  sluice verify s3://exports/orders.csv.zst",
      "  sluice verify 'out/part-{shard}.csv.gz'      # every shard and the set manifest",
      "  sluice verify saved.ndjson --manifest stdout.manifest.json"
    })
final class VerifyCommand implements Callable<Integer> {
  static final int MISMATCH = 1;
  static final int NO_MANIFEST = 2;

  @ParentCommand private Sluice sluice;

  @Parameters(
      paramLabel = "<destination>",
      description =
          "What an export wrote: a path, a file: URI, or s3://bucket/key; with {shard} in it,"
              + " every shard of a sharded export and its set manifest.")
  String destination;

  @Option(
      names = "--manifest",
      paramLabel = "<file>",
      description = "Read the manifest from this file instead of beside the data.")
  Path manifestFile;

  @Mixin S3Options s3 = new S3Options();

  @Mixin VerboseOption verbose = new VerboseOption();

  @Override
  public Integer call() throws Exception {
    var shell = sluice.shell();
    if (ShardPattern.isPattern(destination) && manifestFile == null) {
      return new SetVerification(shell, s3::stored).run(destination);
    }
    var stored = Destination.stored(destination, s3::stored);
    var where = manifestFile != null ? manifestFile.toString() : stored.manifestDestination();
    Manifest manifest;
    try (var in =
        manifestFile != null ? Files.newInputStream(manifestFile) : stored.openManifest()) {
      manifest = ManifestJson.read(in);
    } catch (NoSuchFileException e) {
      shell
          .err()
          .println(
              "sluice: "
                  + stored.destination()
                  + ": no manifest at "
                  + where
                  + " (the export did not finish, or ran with --no-manifest)");
      return NO_MANIFEST;
    } catch (IOException e) {
      shell.err().println("sluice: " + prefixed(where, e));
      return NO_MANIFEST;
    }
    Verification v;
    try (InputStream in = stored.openData()) {
      v = Verification.of(manifest, in);
    } catch (NoSuchFileException e) {
      print(
          shell,
          "MISMATCH "
              + stored.destination()
              + ": data: missing (the manifest at "
              + where
              + " describes "
              + manifest.rows()
              + " rows)");
      return MISMATCH;
    } catch (IOException e) {
      shell.err().println("sluice: " + prefixed(stored.destination(), e));
      return MISMATCH;
    }
    if (v.matches()) {
      print(
          shell,
          "OK "
              + stored.destination()
              + ": "
              + v.rows()
              + " rows, "
              + v.storedBytes()
              + " bytes, sha256 "
              + v.sha256Stored());
      return ExitCodes.OK;
    }
    print(shell, "MISMATCH " + stored.destination() + ": " + String.join("; ", v.differences()));
    return MISMATCH;
  }

  /** The failure's message, starting with {@code where} once. */
  private static String prefixed(String where, IOException e) {
    var m = String.valueOf(e.getMessage());
    return m.startsWith(where) ? m : where + ": " + m;
  }

  private static void print(Shell shell, String line) throws IOException {
    shell.out().write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    shell.out().flush();
  }
}
