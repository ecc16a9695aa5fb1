package dev.sluice.cli;

import dev.sluice.core.source.jdbc.JdbcSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The database user and password, from the places users already keep them. The first found wins:
 *
 * <ul>
 *   <li>user: {@code --user}, {@code SLUICE_DB_USER}, the driver's own variable ({@code PGUSER} for
 *       PostgreSQL), else whatever the URL says or the driver's default;
 *   <li>password: the first line of {@code --password-file}, {@code SLUICE_DB_PASSWORD}, the
 *       driver's own variable ({@code PGPASSWORD} for PostgreSQL, {@code MYSQL_PWD} for MariaDB and
 *       MySQL), else whatever the URL says ({@code //user:pw@host}, {@code password=pw}).
 * </ul>
 *
 * <p>A user or password in the URL itself is left to the driver, which usually prefers it.
 * Passwords are handed to {@link Secrets} so that no output ever shows them.
 */
record Credentials(String user, char[] password) {
  /** Sets the user and password that are known on {@code source}; the driver takes the rest. */
  void applyTo(JdbcSource.Builder source) {
    if (user != null) {
      source.user(user);
    }
    if (password != null) {
      source.password(password);
    }
  }

  static Credentials resolve(
      String url, String userFlag, Path passwordFile, Map<String, String> env, Secrets secrets) {
    String user = first(userFlag, env.get("SLUICE_DB_USER"), driverEnv(url, env, "user"));
    char[] password;
    if (passwordFile != null) {
      password = readFirstLine(passwordFile);
    } else {
      var fromEnv = first(env.get("SLUICE_DB_PASSWORD"), driverEnv(url, env, "password"));
      password = fromEnv == null ? null : fromEnv.toCharArray();
    }
    secrets.add(password);
    return new Credentials(user, password);
  }

  private static String driverEnv(String url, Map<String, String> env, String what) {
    if (url.startsWith("jdbc:postgresql:")) {
      return env.get(what.equals("user") ? "PGUSER" : "PGPASSWORD");
    }
    if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      return what.equals("user") ? null : env.get("MYSQL_PWD");
    }
    return null;
  }

  private static String first(String... candidates) {
    for (var c : candidates) {
      if (c != null && !c.isEmpty()) {
        return c;
      }
    }
    return null;
  }

  private static char[] readFirstLine(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UsageException("--password-file " + file + ": no such file");
    } catch (IOException e) {
      throw new UsageException("--password-file " + file + ": cannot read: " + e.getMessage());
    }
    int end = 0;
    while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
      end++;
    }
    var chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, end));
    var password = new char[chars.remaining()];
    chars.get(password);
    Arrays.fill(bytes, (byte) 0);
    if (password.length == 0) {
      throw new UsageException("--password-file " + file + ": the first line is empty");
    }
    return password;
  }

  @Override
  public String toString() {
    return "Credentials[user="
        + user
        + ", password="
        + (password == null ? null : Secrets.MASK)
        + "]";
  }
}
