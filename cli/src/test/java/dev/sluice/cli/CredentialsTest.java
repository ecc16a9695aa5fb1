package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
  private static final String PG = "jdbc:postgresql://127.0.0.1/db";
  private static final String MARIA = "jdbc:mariadb://127.0.0.1/db";

  @TempDir Path dir;
  private final Secrets secrets = new Secrets();

  @Test
  void nothingFoundLeavesItToTheUrlAndTheDriver() {
    var c = Credentials.resolve(PG, null, null, Map.of(), secrets);
    assertThat(c.user()).isNull();
    assertThat(c.password()).isNull();
  }

  @Test
  void sluiceVariablesComeBeforeTheDriversOwn() {
    var env =
        Map.of(
            "SLUICE_DB_USER", "a", "SLUICE_DB_PASSWORD", "pa", "PGUSER", "b", "PGPASSWORD", "pb");
    var c = Credentials.resolve(PG, null, null, env, secrets);
    assertThat(c.user()).isEqualTo("a");
    assertThat(c.password()).containsExactly('p', 'a');
  }

  @Test
  void theDriversOwnVariablesAreUsedForTheirDriverOnly() {
    var env = Map.of("PGUSER", "pguser", "PGPASSWORD", "pgpw", "MYSQL_PWD", "mypw");
    var pg = Credentials.resolve(PG, null, null, env, secrets);
    assertThat(pg.user()).isEqualTo("pguser");
    assertThat(new String(pg.password())).isEqualTo("pgpw");
    var maria = Credentials.resolve(MARIA, null, null, env, secrets);
    assertThat(maria.user()).isNull();
    assertThat(new String(maria.password())).isEqualTo("mypw");
    var h2 = Credentials.resolve("jdbc:h2:mem:x", null, null, env, secrets);
    assertThat(h2.password()).isNull();
  }

  @Test
  void flagsComeFirst() throws IOException {
    var file = Files.writeString(dir.resolve("pw"), "from-file\r\nignored\n");
    var env = Map.of("SLUICE_DB_USER", "env", "SLUICE_DB_PASSWORD", "from-env");
    var c = Credentials.resolve(PG, "flag", file, env, secrets);
    assertThat(c.user()).isEqualTo("flag");
    assertThat(new String(c.password())).isEqualTo("from-file");
  }

  @Test
  void everyPasswordReadIsMasked() throws IOException {
    Credentials.resolve(PG, null, null, Map.of("PGPASSWORD", "pg-secret"), secrets);
    var file = Files.writeString(dir.resolve("pw"), "file-secret");
    Credentials.resolve(PG, null, file, Map.of(), secrets);
    assertThat(secrets.mask("pg-secret file-secret")).isEqualTo("*** ***");
  }

  @Test
  void toStringNeverShowsThePassword() {
    var c = Credentials.resolve(PG, null, null, Map.of("PGPASSWORD", "pg-secret"), secrets);
    assertThat(c.toString()).doesNotContain("pg-secret").contains("***");
  }

  @Test
  void aPasswordFileThatCannotBeReadIsAUsageError() {
    assertThatThrownBy(() -> Credentials.resolve(PG, null, dir, Map.of(), secrets))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--password-file " + dir);
  }
}
