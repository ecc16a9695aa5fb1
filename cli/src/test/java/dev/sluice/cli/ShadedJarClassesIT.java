package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shaded jar's class files as the build leaves them (see {@code cli/src/build/
 * UpgradeOldClasses.java}): none older than Java 6, so that JDK 25's ahead-of-time cache can hold
 * every class a run loads, and the rewritten ones pass the JVM's verifier. The build rewrites them
 * only on a JDK 24 or later (it needs the ClassFile API); these tests run on the JDK that built.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ShadedJarClassesIT {
  /** Java 6: from this version on, a class is verified with the stack map frames it carries. */
  private static final int JAVA_6 = 50;

  @Test
  void noClassFileIsOlderThanJava6() throws IOException {
    assumeTrue(Runtime.version().feature() >= 24, "the build rewrites on JDK 24 and later only");
    var old = new ArrayList<String>();
    try (var jar = new ZipFile(Subprocess.JAR.toFile())) {
      for (var entry : Collections.list(jar.entries())) {
        var name = entry.getName();
        if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
          try (var in = new DataInputStream(jar.getInputStream(entry))) {
            in.readInt();
            in.readUnsignedShort();
            if (in.readUnsignedShort() < JAVA_6) {
              old.add(name);
            }
          }
        }
      }
    }
    assertThat(old).isEmpty();
  }

  @Test
  void picocliAndSlf4jClassesPassTheVerifier() throws Exception {
    var names = new ArrayList<String>();
    try (var jar = new ZipFile(Subprocess.JAR.toFile())) {
      for (var entry : Collections.list(jar.entries())) {
        var name = entry.getName();
        if ((name.startsWith("picocli/") || name.startsWith("org/slf4j/"))
            && name.endsWith(".class")) {
          names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
    assertThat(names).hasSizeGreaterThan(200);
    // A loader of its own, so the jar's classes are the ones loaded, and verified: the JVM
    // verifies every class that is not the JDK's own; initialising one links, so verifies, it.
    var failed = new ArrayList<String>();
    try (var loader =
        new URLClassLoader(
            new java.net.URL[] {Subprocess.JAR.toUri().toURL()},
            ClassLoader.getPlatformClassLoader())) {
      for (var name : names) {
        try {
          Class.forName(name, true, loader);
        } catch (VerifyError | ClassFormatError e) {
          // What a wrong rewrite would cause; a class that cannot initialise outside the command
          // (a missing optional dependency) says nothing about its class file.
          failed.add(name + ": " + e);
        } catch (LinkageError | RuntimeException e) {
          // Verified, then failed in its static initialiser or on a missing optional class.
        }
      }
    }
    assertThat(failed).isEmpty();
  }
}
