package dev.sluice.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The database login options of the commands that connect ({@code export}, {@code plan}): the flags
 * {@link Credentials#resolve} reads first. A picocli mixin.
 */
final class LoginOptions {
  @Option(
      names = "--user",
      paramLabel = "<user>",
      description = "Database user (default: SLUICE_DB_USER, PGUSER, or the URL's).")
  String user;

  @Option(
      names = "--password-file",
      paramLabel = "<file>",
      description = "Read the database password from the first line of this file.")
  Path passwordFile;

  /** The login for {@code url}: these flags, else the environment (see {@link Credentials}). */
  Credentials resolve(String url, Map<String, String> env, Secrets secrets) {
    return Credentials.resolve(url, user, passwordFile, env, secrets);
  }
}
