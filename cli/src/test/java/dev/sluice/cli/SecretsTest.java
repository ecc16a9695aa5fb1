package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void maskHidesThePasswordInAUrlsUserInfo() {
    assertThat(Secrets.url("jdbc:postgresql://u:s3cret@h:5432/db"))
        .isEqualTo("jdbc:postgresql://u:***@h:5432/db");
  }

  @Test
  void maskHidesPasswordPropertiesInAnyCase() {
    assertThat(Secrets.url("jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    assertThat(Secrets.url("jdbc:h2:mem:x;USER=sa;PASSWORD=s3cret;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:mem:x;USER=sa;PASSWORD=***;MODE=PostgreSQL");
    assertThat(Secrets.url("jdbc:sqlserver://h;pwd=s3cret"))
        .isEqualTo("jdbc:sqlserver://h;pwd=***");
  }

  @Test
  void maskLeavesAUrlWithoutPasswordAlone() {
    var url = "jdbc:mariadb://root@127.0.0.1:3306/shop?useCursorFetch=true";
    assertThat(Secrets.url(url)).isEqualTo(url);
  }

  @Test
  void maskHidesKnownPasswordsAnywhere() {
    var secrets = new Secrets();
    secrets.add("pa$$\\word".toCharArray());
    assertThat(secrets.mask("FATAL: password pa$$\\word rejected for user \"x\""))
        .isEqualTo("FATAL: password *** rejected for user \"x\"");
  }

  @Test
  void passwordsOfAUrlAreMaskedOutOfTheirUrlForm() {
    var secrets = new Secrets();
    secrets.addFromUrl("jdbc:postgresql://u:pw1@h/db?password=pw2&ssl=true");
    assertThat(secrets.mask("unknown host u:pw1@h; password pw2 rejected"))
        .isEqualTo("unknown host u:***@h; password *** rejected");
  }

  @Test
  void maskIgnoresEmptyPasswords() {
    var secrets = new Secrets();
    secrets.add(new char[0]);
    secrets.add(null);
    assertThat(secrets.mask("nothing to hide")).isEqualTo("nothing to hide");
  }
}
