package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.shard.SetManifest;
import dev.sluice.core.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The many-machines protocol run the way a Kubernetes Job controller runs it, with the packaged
 * jar: a coordinator process ({@code sluice plan}) holding the snapshot, one worker process per
 * shard with {@code JOB_COMPLETION_INDEX} set, a writer changing the table all the while, and one
 * worker killed with SIGKILL in the middle of its upload and then run again as the same index. The
 * set must verify, hold exactly the rows of the snapshot, and leave neither an object of the killed
 * attempt nor an open multipart upload (S3Proxy on loopback).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ShardProtocolIT {
  private static final TestDatabases PG = TestDatabases.POSTGRESQL;
  private static final String TABLE = TestDatabases.uniqueName("shards_dist_protocol");
  private static final String BUCKET = "protocol";
  private static final int SHARDS = 3;
  private static final long ROWS = 300_000;
  private static final String PATTERN = "s3://" + BUCKET + "/orders/part-{shard}.ndjson.gz";
  private static final String PLAN = "s3://" + BUCKET + "/orders/plan.json";

  private static EmbeddedS3 s3;
  private static S3Client client;
  private static Map<String, String> env;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    PG.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text, pad text)",
        "INSERT INTO "
            + TABLE
            + " SELECT n, 'original', repeat(md5(n::text), 6) FROM generate_series(1, "
            + ROWS
            + ") n");
    s3 = EmbeddedS3.start();
    client = s3.client();
    client.createBucket(b -> b.bucket(BUCKET));
    var credentials = s3.credentials().resolveCredentials();
    env =
        Map.of(
            "PGUSER", "postgres",
            "AWS_ACCESS_KEY_ID", credentials.accessKeyId(),
            "AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey(),
            "AWS_REGION", "us-east-1",
            "AWS_ENDPOINT_URL", s3.endpoint().toString());
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    s3.close();
    PG.drop(TABLE);
  }

  @Test
  void coordinatorAndIndexedWorkersSurviveAKilledWorker() throws Exception {
    // An earlier export's worker, killed mid-upload, left this open.
    var stale =
        client
            .createMultipartUpload(b -> b.bucket(BUCKET).key("orders/part-0.ndjson.gz"))
            .uploadId();
    var coordinator =
        Subprocess.jar(
            dir,
            List.of(),
            env,
            "plan",
            "--from",
            PG.url(),
            "--table",
            TABLE,
            "--shards",
            "" + SHARDS,
            "--to",
            PATTERN,
            "--plan",
            PLAN,
            "--poll",
            "200ms",
            "--hold-timeout",
            "4m");
    awaitPlan(coordinator);
    assertThat(uploadIds()).doesNotContain(stale);

    // The writer commits inserts, updates and deletes until the set is done; its first commit
    // lands before any worker starts.
    var writing = new AtomicBoolean(true);
    var commits = new AtomicLong();
    var writer = Thread.ofPlatform().start(() -> write(writing, commits));
    while (commits.get() == 0) {
      Thread.sleep(10);
    }

    var workers = new ArrayList<Subprocess>();
    for (int i = 0; i < SHARDS; i++) {
      workers.add(worker(i));
    }
    // Kill shard 1 once its multipart upload is open: a pod lost with its node.
    var killedKey = "orders/part-1.ndjson.gz";
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (uploads().stream().noneMatch(u -> u.key().equals(killedKey))) {
      assertThat(workers.get(1).process.isAlive()).as(workers.get(1).stderr()).isTrue();
      assertThat(System.nanoTime()).as("no upload began").isLessThan(deadline);
      Thread.sleep(20);
    }
    Thread.sleep(300);
    workers.get(1).process.destroyForcibly();
    assertThat(workers.get(1).process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(workers.get(1).process.exitValue()).isEqualTo(137);
    assertThat(exists(killedKey)).as("the killed attempt committed nothing").isFalse();
    assertThat(uploads())
        .as("SIGKILL gave the worker no chance to abort its upload")
        .anyMatch(u -> u.key().equals(killedKey));

    for (int i : new int[] {0, 2}) {
      assertThat(workers.get(i).waitFor(3, TimeUnit.MINUTES)).as(workers.get(i).stderr()).isZero();
    }
    assertThat(coordinator.process.isAlive()).as("holding for shard 1").isTrue();
    // The Job controller starts the index again.
    var retry = worker(1);
    assertThat(retry.waitFor(3, TimeUnit.MINUTES)).as(retry.stderr()).isZero();

    assertThat(coordinator.waitFor(2, TimeUnit.MINUTES)).as(coordinator.stderr()).isZero();
    writing.set(false);
    writer.join();
    assertThat(commits.get()).as("the writer kept committing").isGreaterThan(1);
    System.out.print(
        "coordinator:\n" + coordinator.stderr() + "retried worker:\n" + retry.stderr());

    // What is left: three objects, their manifests and the set's; no plan, no open upload.
    assertThat(keys())
        .containsExactlyInAnyOrder(
            "orders/part-0.ndjson.gz",
            "orders/part-0.ndjson.gz.manifest.json",
            "orders/part-1.ndjson.gz",
            "orders/part-1.ndjson.gz.manifest.json",
            "orders/part-2.ndjson.gz",
            "orders/part-2.ndjson.gz.manifest.json",
            "orders/part-set.ndjson.gz.manifest.json");
    assertThat(uploads()).isEmpty();

    // Every shard verifies, and the set lists each shard's bytes.
    SetManifest set;
    try (var in =
        client.getObject(b -> b.bucket(BUCKET).key("orders/part-set.ndjson.gz.manifest.json"))) {
      set = SetManifest.fromJson(in);
    }
    assertThat(set.snapshot()).isNotNull();
    assertThat(set.rows()).isEqualTo(ROWS);
    for (int i = 0; i < SHARDS; i++) {
      var name = "s3://" + BUCKET + "/orders/part-" + i + ".ndjson.gz";
      var verify = Subprocess.jar(dir, List.of(), env, "verify", name);
      assertThat(verify.waitFor(1, TimeUnit.MINUTES)).as(verify.stderr()).isZero();
      assertThat(set.shards().get(i).destination()).isEqualTo(name);
    }

    // Exactly the rows of the snapshot: ids 1..ROWS once each, none changed by the writer.
    var seen = new BitSet();
    long rows = 0;
    var id = Pattern.compile("\"id\":(\\d+),\"note\":\"([a-z]+)\"");
    for (int i = 0; i < SHARDS; i++) {
      int shard = i;
      try (var in =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(
                      client.getObject(
                          b -> b.bucket(BUCKET).key("orders/part-" + shard + ".ndjson.gz"))),
                  StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          var m = id.matcher(line);
          assertThat(m.find()).as(line).isTrue();
          int n = Integer.parseInt(m.group(1));
          assertThat(seen.get(n)).as("id %d twice", n).isFalse();
          seen.set(n);
          assertThat(m.group(2)).isEqualTo("original");
          rows++;
        }
      }
    }
    assertThat(rows).isEqualTo(ROWS);
    assertThat(seen.cardinality()).isEqualTo((int) ROWS);
    assertThat(seen.nextSetBit(0)).isEqualTo(1);
    assertThat(seen.length() - 1).isEqualTo((int) ROWS);
  }

  private Subprocess worker(int index) throws Exception {
    var workerEnv = new HashMap<>(env);
    workerEnv.put("JOB_COMPLETION_INDEX", String.valueOf(index));
    return Subprocess.jar(
        dir,
        List.of("-Xmx128m"),
        workerEnv,
        "export",
        "--plan",
        PLAN,
        "--plan-wait",
        "1m",
        "--resume");
  }

  /** Inserts, updates and deletes rows, one small transaction after another, until told to stop. */
  private static void write(AtomicBoolean writing, AtomicLong commits) {
    long next = ROWS + 1;
    try (var c = PG.connect();
        var s = c.createStatement()) {
      for (long round = 0; writing.get() && round < 100_000; round++) {
        long at = 1 + (round * 7919) % ROWS;
        s.executeUpdate(
            "INSERT INTO "
                + TABLE
                + " SELECT n, 'inserted', 'x' FROM generate_series("
                + next
                + ", "
                + (next + 99)
                + ") n");
        next += 100;
        s.executeUpdate(
            "UPDATE "
                + TABLE
                + " SET note = 'updated' WHERE id BETWEEN "
                + at
                + " AND "
                + (at + 50));
        s.executeUpdate(
            "DELETE FROM " + TABLE + " WHERE id BETWEEN " + (at + 51) + " AND " + (at + 60));
        commits.incrementAndGet();
        Thread.sleep(20);
      }
    } catch (Exception e) {
      throw new AssertionError("the writer failed", e);
    }
  }

  private static void awaitPlan(Subprocess coordinator) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!exists("orders/plan.json")) {
      assertThat(coordinator.process.isAlive()).as(coordinator.stderr()).isTrue();
      assertThat(System.nanoTime()).as("no plan written").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static List<software.amazon.awssdk.services.s3.model.MultipartUpload> uploads() {
    return client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads();
  }

  private static List<String> uploadIds() {
    return uploads().stream().map(u -> u.uploadId()).toList();
  }

  private static List<String> keys() {
    return client.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  private static boolean exists(String key) {
    return keys().contains(key);
  }
}
