package dev.sluice.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void passwordsMasksTheUserInfoOfAUrlInAnyText() {
    assertThat(Redaction.passwords("cannot connect to jdbc:postgresql://u:s3cret@h:5432/db: no"))
        .isEqualTo("cannot connect to jdbc:postgresql://u:***@h:5432/db: no");
  }

  @Test
  void passwordsMasksPasswordParametersAndPropertiesInAnyCase() {
    assertThat(Redaction.passwords("jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    assertThat(Redaction.passwords("jdbc:h2:mem:x;USER=sa;PASSWORD=s3cret;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:mem:x;USER=sa;PASSWORD=***;MODE=PostgreSQL");
    assertThat(Redaction.passwords("jdbc:sqlserver://h;pwd=s3cret"))
        .isEqualTo("jdbc:sqlserver://h;pwd=***");
    assertThat(Redaction.passwords("x?client_secret=abc&secretKey=def"))
        .isEqualTo("x?client_secret=***&secretKey=***");
  }

  @Test
  void passwordsLeavesTextWithoutPasswordsAlone() {
    var url = "jdbc:mariadb://root@127.0.0.1:3306/shop?useCursorFetch=true";
    assertThat(Redaction.passwords(url)).isEqualTo(url);
    assertThat(Redaction.passwords(null)).isNull();
  }

  @Test
  void urlDropsUserInfoAndMasksCredentialQueryValues() {
    assertThat(Redaction.url(URI.create("https://u:pw@h/x?api_key=k3y&page=2&token=t#frag")))
        .isEqualTo("https://h/x?api_key=***&page=2&token=***#frag");
  }

  @Test
  void credentialNamesAreThoseOfHeadersAndParametersThatCarrySecrets() {
    assertThat(List.of("Authorization", "Cookie", "X-Api-Key", "x-auth-token", "client_secret"))
        .allMatch(Redaction::looksSecret);
    assertThat(List.of("Content-Type", "Accept", "page")).noneMatch(Redaction::looksSecret);
  }

  @Test
  void maskHidesSecretsToldLongestFirstAndWithoutTheirScheme() {
    var r = Redaction.of(List.of("abcd", "Bearer abcdef123"));
    assertThat(r.mask("got Bearer abcdef123, then abcdef123, then abcd"))
        .isEqualTo("got ***, then ***, then ***");
  }

  @Test
  void maskHidesPasswordsInUrlFormTooAndIgnoresBlankSecrets() {
    var r = new Redaction();
    r.add("");
    r.add(null);
    r.addFromUrl("jdbc:postgresql://u:pw1@h/db?password=pw2&ssl=true");
    assertThat(r.mask("unknown host u:pw1@h; pw2 rejected; jdbc:x://a:b@c"))
        .isEqualTo("unknown host u:***@h; *** rejected; jdbc:x://a:***@c");
  }
}
