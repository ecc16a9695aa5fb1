package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The manifests in deploy/kubernetes are what the API server accepts (Kubernetes' OpenAPI schemas
 * and strict field validation, checked by deploy/kubernetes/check with pinned packages from the npm
 * registry, installed under cli/target), and their sluice command lines parse against the real
 * command.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KubernetesManifestsTest {
  private static final Path DEPLOY = Subprocess.ROOT.resolve("deploy/kubernetes");
  private static final Path CHECK = Subprocess.ROOT.resolve("cli/target/kubernetes-check");

  /** The check of the manifests as shipped, run once for the class. */
  private static Result shipped;

  private static Path shippedDocuments;

  @TempDir Path dir;

  /**
   * Installs the checker's packages once per build (again when its lock file changes), and checks
   * the manifests as shipped.
   */
  @BeforeAll
  static void installChecker() throws Exception {
    Files.createDirectories(CHECK);
    var lock = DEPLOY.resolve("check/package-lock.json");
    var installed = CHECK.resolve("package-lock.json");
    boolean fresh =
        Files.isDirectory(CHECK.resolve("node_modules"))
            && Files.exists(installed)
            && Files.mismatch(lock, installed) == -1L;
    for (var file : List.of("package.json", "package-lock.json", "check.mjs")) {
      Files.copy(
          DEPLOY.resolve("check").resolve(file),
          CHECK.resolve(file),
          StandardCopyOption.REPLACE_EXISTING);
    }
    if (!fresh) {
      var npm = run(CHECK, List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
      assertThat(npm.exit).as("npm ci in %s: %s", CHECK, npm.output).isZero();
    }
    shippedDocuments = CHECK.resolve("shipped.json");
    shipped = check(manifests(), shippedDocuments);
  }

  /** The manifests as shipped pass every check. */
  @Test
  void manifestsValidateAgainstKubernetesSchemas() throws Exception {
    assertThat(shipped.exit).as(shipped.output).isZero();
    assertThat(shipped.output).contains("2 documents checked, 0 problems");
  }

  /** A misspelt field, which the OpenAPI schemas alone let through, fails the check. */
  @Test
  void checkRejectsAnUnknownField() throws Exception {
    var bad = dir.resolve("workers-job.yaml");
    Files.writeString(
        bad,
        Files.readString(DEPLOY.resolve("workers-job.yaml"))
            .replace("backoffLimitPerIndex:", "backofLimitPerIndex:"));
    var check = check(List.of(bad), dir.resolve("documents.json"));
    assertThat(check.exit).as(check.output).isEqualTo(1);
    assertThat(check.output).contains("backofLimitPerIndex");
  }

  /** A value of the wrong type fails the schema validation. */
  @Test
  void checkRejectsAWronglyTypedValue() throws Exception {
    var bad = dir.resolve("coordinator-job.yaml");
    Files.writeString(
        bad,
        Files.readString(DEPLOY.resolve("coordinator-job.yaml"))
            .replace("backoffLimit: 0", "backoffLimit: none"));
    var check = check(List.of(bad), dir.resolve("documents.json"));
    assertThat(check.exit).as(check.output).isEqualTo(1);
    assertThat(check.output).contains("backoffLimit must be integer");
  }

  /**
   * Every container's args parse as a sluice command line, with only options that exist; the
   * workers' Job has as many completions as the plan has shards, and both name the same plan.
   */
  @Test
  void commandLinesUseOnlyOptionsThatExist() throws Exception {
    assertThat(shipped.exit).as(shipped.output).isZero();
    var documents = new ObjectMapper().readTree(shippedDocuments.toFile());
    Map<String, List<String>> argsByComponent = new java.util.HashMap<>();
    Map<String, JsonNode> specByComponent = new java.util.HashMap<>();
    for (var entry : documents) {
      var job = entry.get("document");
      assertThat(job.get("kind").asText()).isEqualTo("Job");
      var component = job.at("/metadata/labels/app.kubernetes.io~1component").asText();
      var containers = job.at("/spec/template/spec/containers");
      assertThat(containers.size()).isEqualTo(1);
      var args = new ArrayList<String>();
      containers.get(0).get("args").forEach(a -> args.add(a.asText()));
      var cli =
          Sluice.commandLine(new Shell(new ByteArrayOutputStream(), quiet(), Map.of(), false));
      var parsed = cli.parseArgs(args.toArray(String[]::new));
      assertThat(parsed.subcommand()).as("%s: %s", component, args).isNotNull();
      argsByComponent.put(component, args);
      specByComponent.put(component, job.get("spec"));
      // Secrets come from a Secret, never inline.
      for (var env : containers.get(0).get("env")) {
        if (env.get("name").asText().matches(".*(PASSWORD|SECRET).*")) {
          assertThat(env.has("value")).as(env.toString()).isFalse();
          assertThat(env.at("/valueFrom/secretKeyRef/name").asText()).isNotEmpty();
        }
      }
    }
    var plan = argsByComponent.get("coordinator");
    var workers = argsByComponent.get("worker");
    assertThat(plan.get(0)).isEqualTo("plan");
    assertThat(workers.get(0)).isEqualTo("export");
    assertThat(value(workers, "--plan")).isEqualTo(value(plan, "--plan"));
    var spec = specByComponent.get("worker");
    assertThat(spec.get("completionMode").asText()).isEqualTo("Indexed");
    assertThat(spec.get("completions").asInt())
        .isEqualTo(Integer.parseInt(value(plan, "--shards")));
  }

  /** An unknown option in a container's args is refused by that same parse. */
  @Test
  void anUnknownOptionDoesNotParse() {
    var cli = Sluice.commandLine(new Shell(new ByteArrayOutputStream(), quiet(), Map.of(), false));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> cli.parseArgs("export", "--plan", "s3://b/plan.json", "--shard-index", "1"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
  }

  private static String value(List<String> args, String option) {
    int i = args.indexOf(option);
    assertThat(i).as("%s in %s", option, args).isNotNegative();
    return args.get(i + 1);
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  private static List<Path> manifests() throws IOException {
    try (Stream<Path> files = Files.list(DEPLOY)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static Result check(List<Path> manifests, Path documents) throws Exception {
    var command = new ArrayList<String>();
    command.addAll(List.of("node", "check.mjs", documents.toString()));
    manifests.forEach(m -> command.add(m.toString()));
    assertThat(manifests).isNotEmpty();
    return run(CHECK, command);
  }

  private record Result(int exit, String output) {}

  private static Result run(Path directory, List<String> command) throws Exception {
    var log = Files.createTempFile("sluice-k8s-check", ".txt");
    try {
      var process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(4, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish in 4 minutes");
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
