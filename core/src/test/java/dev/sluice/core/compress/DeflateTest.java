package dev.sluice.core.compress;

import static dev.sluice.core.compress.GzipFixtures.BLOCK;
import static dev.sluice.core.compress.GzipFixtures.compressible;
import static dev.sluice.core.compress.GzipFixtures.gunzipBinary;
import static dev.sluice.core.compress.GzipFixtures.gunzipJdk;
import static dev.sluice.core.compress.GzipFixtures.gzip;
import static dev.sluice.core.compress.GzipFixtures.gzipBinarySize;
import static dev.sluice.core.compress.GzipFixtures.installed;
import static dev.sluice.core.compress.GzipFixtures.nativeJava;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which gzip implementation runs at which level, and what {@code SLUICE_DEFLATE} forces. On Java 22
 * and later with libisal2 and libdeflate0 installed (as {@code .ci/run} makes sure), ISA-L runs at
 * levels 1 and 2 and libdeflate at 3 to 9. {@link NativeGzipTest} checks what each one writes.
 */
@Timeout(60)
class DeflateTest {
  @TempDir Path dir;

  private static boolean settingUnset() {
    var setting = System.getenv(Deflate.SETTING);
    return setting == null || setting.isBlank() || setting.trim().equalsIgnoreCase("auto");
  }

  /** What the choice must be, from what is installed: the rule written out a second time. */
  private static String expected(int level) {
    if (nativeJava() && installed("libisal.so.2") && level <= 2) {
      return "ISA-L igzip";
    }
    return nativeJava() && installed("libdeflate.so.0") ? "libdeflate" : "JDK zlib";
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
  void bestFollowsTheLevelRuleOnWhateverIsInstalled(int level) {
    assumeTrue(settingUnset(), Deflate.SETTING + " is set: it forces one implementation");
    assertThat(Deflate.best(level).name()).isEqualTo(expected(level));
    assertThat(Compression.GZIP.implementation(level)).isEqualTo(expected(level));
  }

  @Test
  void isalRunsAtLevelsOneAndTwoAndLibdeflateAtThreeToNine() {
    assumeTrue(settingUnset(), Deflate.SETTING + " is set: it forces one implementation");
    assumeTrue(nativeJava(), "Java " + Runtime.version().feature() + " < 22: the JDK's zlib runs");
    assumeTrue(installed("libisal.so.2"), "libisal.so.2 not installed (apt-get install libisal2)");
    assumeTrue(
        installed("libdeflate.so.0"),
        "libdeflate.so.0 not installed (apt-get install libdeflate0)");

    assertThat(Compression.GZIP.implementation(1)).isEqualTo("ISA-L igzip");
    assertThat(Compression.GZIP.implementation(2)).isEqualTo("ISA-L igzip");
    for (int level = 3; level <= 9; level++) {
      assertThat(Compression.GZIP.implementation(level))
          .as("level %d", level)
          .isEqualTo("libdeflate");
    }
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {1, 2})
  void isalWritesNoMoreThanTheGzipCommandAtLevelsOneAndTwo(int level) throws Exception {
    var isal = Deflate.choose("isal", level);
    assumeTrue(isal != Deflate.JDK, "ISA-L does not load here (libisal2 missing or Java < 22)");
    var data = compressible(8 * BLOCK);

    assertThat(gzip(isal, data, level, 2).length)
        .isLessThanOrEqualTo(gzipBinarySize(dir, data, level));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "JDK", " jdk "})
  void jdkSettingForcesTheJdksZlib(String setting) {
    for (int level : new int[] {1, 6}) {
      assertThat(Deflate.choose(setting, level)).isSameAs(Deflate.JDK);
      assertThat(Deflate.choose(setting, level).name()).isEqualTo("JDK zlib");
    }
  }

  @Test
  void libdeflateSettingForcesLibdeflateAtEveryLevel() {
    assumeTrue(nativeJava() && installed("libdeflate.so.0"), "libdeflate does not load here");
    assertThat(Deflate.choose("libdeflate", 1).name()).isEqualTo("libdeflate");
    assertThat(Deflate.choose(" LibDeflate", 9).name()).isEqualTo("libdeflate");
  }

  @Test
  void isalSettingForcesIsalAtEveryLevel() {
    assumeTrue(nativeJava() && installed("libisal.so.2"), "ISA-L does not load here");
    assertThat(Deflate.choose("isal", 1).name()).isEqualTo("ISA-L igzip");
    assertThat(Deflate.choose("ISAL ", 9).name()).isEqualTo("ISA-L igzip");
  }

  @Test
  void anyOtherSettingChoosesTheSameAsNone() {
    for (int level = 1; level <= 9; level++) {
      assertThat(Deflate.choose("auto", level)).isSameAs(Deflate.choose(null, level));
    }
  }

  @Test
  void theForcedJdkZlibWritesGzipToo() throws Exception {
    var data = compressible(2 * BLOCK + 3);
    var gz = gzip(Deflate.choose("jdk", 1), data, 1, 4);

    assertThat(gunzipJdk(gz)).isEqualTo(data);
    assertThat(gunzipBinary(dir, gz)).isEqualTo(data);
  }

  @Test
  void theChoiceAtNineWritesLessThanTheChoiceAtOne() throws Exception {
    var data = compressible(2 * BLOCK + 1000);
    var one = gzip(Deflate.best(1), data, 1, 2);
    var nine = gzip(Deflate.best(9), data, 9, 2);

    assertThat(gunzipJdk(one)).isEqualTo(data);
    assertThat(gunzipJdk(nine)).isEqualTo(data);
    assertThat(nine.length).isLessThan(one.length);
  }

  @Test
  void compressionLevelRangeStaysOneToNine() {
    assertThatThrownBy(() -> Compression.GZIP.compress(new ByteArrayOutputStream(), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gzip level not in 1..9: 10");
  }
}
