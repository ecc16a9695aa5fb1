package dev.sluice.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredTest {
  @Test
  void fileReadsTheDataAndTheManifestBesideIt(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.csv"), "data");
    Files.writeString(dir.resolve("a.csv.manifest.json"), "{}");
    var stored = Stored.file(dir.resolve("a.csv"));

    assertThat(stored.destination()).isEqualTo(dir.resolve("a.csv").toString());
    assertThat(stored.manifestDestination())
        .isEqualTo(dir.resolve("a.csv.manifest.json").toString());
    try (var data = stored.openData();
        var manifest = stored.openManifest()) {
      assertThat(data.readAllBytes()).asString().isEqualTo("data");
      assertThat(manifest.readAllBytes()).asString().isEqualTo("{}");
    }
  }

  @Test
  void fileWithoutAManifestSaysNoSuchFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.csv"), "data");

    assertThatThrownBy(() -> Stored.file(dir.resolve("a.csv")).openManifest())
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void besideOpensTheDataAndTheManifestByTheirSuffixes() throws Exception {
    var asked = new ArrayList<String>();
    var stored =
        Stored.beside(
            "s3://b/k",
            suffix -> {
              asked.add(suffix);
              return new ByteArrayInputStream(new byte[0]);
            });

    stored.openData().close();
    stored.openManifest().close();

    assertThat(asked).containsExactly("", Manifest.SUFFIX);
    assertThat(stored.manifestDestination()).isEqualTo("s3://b/k.manifest.json");
  }
}
