import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.instruction.DiscontinuedInstruction;
import java.lang.constant.ClassDesc;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the class files older than Java 6 (major version < 50) in a jar as Java 8 class files
 * (52) with stack map frames, in place, and says how many it rewrote and kept.
 *
 * <p>Why: the JDK's ahead-of-time cache (JDK 24 and 25) holds no linked class older than 50, since
 * those are verified by the old inference verifier at every run; picocli 4.7 and slf4j 1.7 ship
 * such class files, which every run of the command would otherwise load, verify and interpret anew.
 * The rewrite changes the version and adds the frames the split verifier needs: the members, their
 * attributes and the instructions stay the same, in the same order (the ClassFile API may encode a
 * jump or a constant in another width, and would replace unreachable code, which javac never emits,
 * by {@code nop}s and an {@code athrow}).
 *
 * <p>A class whose code holds {@code jsr}/{@code ret} (not allowed from 51 on), or that the frames
 * cannot be computed for, or whose result the JDK's verifier rejects, is kept as it was: it runs
 * exactly as before, only without the cache's help.
 *
 * <p>Run by the build on the shaded jar, with the JDK that builds (24 or later, for the ClassFile
 * API): {@code java UpgradeOldClasses.java target/sluice.jar}.
 */
public final class UpgradeOldClasses {
  private static final int OLDEST_KEPT = 50;
  private static final int TARGET = ClassFile.JAVA_8_VERSION;

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java UpgradeOldClasses.java <jar>");
      System.exit(2);
    }
    var jar = Path.of(args[0]);
    int upgraded = 0;
    var kept = new ArrayList<String>();
    try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
      var root = zip.getPath("/");
      // Frames need the common super class of two types: read it from the jar's own classes
      // first, then from the running JDK's.
      var resolver =
          ClassHierarchyResolver.ofResourceParsing((ClassDesc desc) -> open(root, desc))
              .orElse(ClassHierarchyResolver.defaultResolver())
              .cached();
      var classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver));
      List<Path> classes;
      try (var walk = Files.walk(root)) {
        classes =
            walk.filter(p -> p.toString().endsWith(".class"))
                .filter(p -> !p.toString().startsWith("/META-INF/"))
                .toList();
      }
      for (var path : classes) {
        var bytes = Files.readAllBytes(path);
        if (bytes.length < 8 || major(bytes) >= OLDEST_KEPT) {
          continue;
        }
        var upgrade = upgrade(classFile, bytes);
        if (upgrade == null) {
          kept.add(path.toString());
        } else {
          Files.write(path, upgrade);
          upgraded++;
        }
      }
    }
    System.out.printf(
        "%s: %d class files older than Java 6 rewritten as Java 8, %d kept as they were%s%n",
        jar.getFileName(), upgraded, kept.size(), kept.isEmpty() ? "" : " " + kept);
  }

  /** The class as a Java 8 class file, or null if it cannot be one. */
  private static byte[] upgrade(ClassFile classFile, byte[] bytes) {
    ClassModel model = classFile.parse(bytes);
    for (var method : model.methods()) {
      var code = method.code();
      if (code.isPresent() && hasSubroutine(code.get())) {
        return null;
      }
    }
    byte[] upgraded;
    try {
      // Re-emitting every method's code makes the builder compute its stack map frames, which
      // the new version requires; the version element is the only other change.
      upgraded =
          classFile.transformClass(
              model,
              ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                  .andThen(
                      (builder, element) -> {
                        if (element instanceof ClassFileVersion) {
                          builder.withVersion(TARGET, 0);
                        } else {
                          builder.with(element);
                        }
                      }));
    } catch (IllegalArgumentException | IllegalStateException e) {
      return null;
    }
    return classFile.verify(upgraded).isEmpty() ? upgraded : null;
  }

  private static boolean hasSubroutine(CodeModel code) {
    for (var element : code) {
      if (element instanceof DiscontinuedInstruction) {
        return true;
      }
    }
    return false;
  }

  private static int major(byte[] bytes) {
    return ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
  }

  private static InputStream open(Path root, ClassDesc desc) {
    var descriptor = desc.descriptorString();
    var path = root.resolve(descriptor.substring(1, descriptor.length() - 1) + ".class");
    try {
      return Files.exists(path) ? Files.newInputStream(path) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
