package dev.sluice.s3;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server run as a child JVM from its jar on a free loopback port, storing objects
 * in a temp directory that {@link #close()} deletes with the process. The jars are copied from
 * Maven Central into {@code s3/target/stores} by the s3 module's build.
 */
public final class ChildStore implements Store, AutoCloseable {
  private static final Duration START = Duration.ofSeconds(60);

  private final String name;
  private final Process process;
  private final URI endpoint;
  private final Path dir;
  private final S3Client client;

  private ChildStore(String name, Process process, URI endpoint, Path dir) {
    this.name = name;
    this.process = process;
    this.endpoint = endpoint;
    this.dir = dir;
    this.client = Store.plainClient(endpoint);
  }

  /** S3Proxy 2.6.0, which refuses the SDK's CRC32 trailer with 400 XAmzContentSHA256Mismatch. */
  public static ChildStore s3proxy26() throws IOException, InterruptedException {
    var dir = Files.createTempDirectory("sluice-s3proxy26-");
    int port = freePort();
    var properties = dir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem-nio2",
            "jclouds.identity=unused",
            "jclouds.credential=unused",
            "jclouds.filesystem.basedir=" + Files.createDirectory(dir.resolve("data")),
            ""));
    return start(
        "S3Proxy 2.6.0",
        "s3proxy-2.6.0.jar",
        port,
        dir,
        List.of("--properties", properties.toString()));
  }

  /** Adobe S3Mock 4.11.0 (Spring Boot), which takes every checksum and ignores credentials. */
  public static ChildStore s3mock() throws IOException, InterruptedException {
    var dir = Files.createTempDirectory("sluice-s3mock-");
    int port = freePort();
    return start(
        "S3Mock 4.11.0",
        "s3mock-4.11.0.jar",
        port,
        dir,
        List.of(
            "--com.adobe.testing.s3mock.httpPort=" + port,
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--com.adobe.testing.s3mock.store.root=" + Files.createDirectory(dir.resolve("data")),
            "--spring.main.banner-mode=off"));
  }

  private static ChildStore start(String name, String jar, int port, Path dir, List<String> args)
      throws IOException, InterruptedException {
    var stores = System.getProperty("sluice.test.stores", "target/stores");
    var path = Path.of(stores, jar);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          path + " is missing: the s3 module's build copies it" + " (mvn -pl s3 -am test-compile)");
    }
    var command = new ArrayList<String>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(path.toString());
    command.addAll(args);
    var process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    var endpoint = URI.create("http://127.0.0.1:" + port);
    var store = new ChildStore(name, process, endpoint, dir);
    long deadline = System.nanoTime() + START.toNanos();
    while (true) {
      try {
        store.client.listBuckets();
        return store;
      } catch (SdkException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          var log = Files.readString(dir.resolve("server.log"));
          store.close();
          throw new IllegalStateException(
              name
                  + " did not start: "
                  + e.getMessage()
                  + "\n"
                  + log.substring(Math.max(0, log.length() - 4000)),
              e);
        }
        Thread.sleep(100);
      }
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public S3Client client() {
    return client;
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public void close() throws IOException {
    client.close();
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
