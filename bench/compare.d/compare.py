#!/usr/bin/env python3
"""The comparison harness behind bench/compare (run that script, not this file).

Sets up on loopback what the cases need (the benchmark tables in PostgreSQL and MariaDB, S3Proxy,
a discard HTTP server), runs every case several times with the contenders interleaved (the order
rotates each repetition, so drift in the machine hits all alike), measures wall time and the peak
RSS of every process of a case (GNU time's %M per process; a pipeline reports its largest), and
writes a results file, the charts and the generated parts of docs/benchmarks.md and README.md.

Nothing here asserts a figure: it measures and reports. A case whose tool is missing, or whose part
of Sluice the probe finds unavailable, is reported as skipped with the reason, never as a number.
"""

import argparse
import datetime
import glob
import json
import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RESULTS = os.path.join(ROOT, "bench", "results")
DOCS = os.path.join(ROOT, "docs", "benchmarks.md")
README = os.path.join(ROOT, "README.md")
IMG = os.path.join(ROOT, "docs", "img")

PG = "-h 127.0.0.1 -p 5432 -U postgres -d sluice_bench -X -q"
MARIA = "-h 127.0.0.1 -P 3306 -uroot sluice_bench"
PG_JDBC = "jdbc:postgresql://127.0.0.1:5432/sluice_bench?user=postgres"
MARIA_JDBC = "jdbc:mariadb://127.0.0.1:3306/sluice_bench?user=root"
BUCKET = "sluice-bench"
S3_KEY_ID = "sluice-bench"
S3_SECRET = "sluice-bench-secret"

MODES = {
    # rows of the table the throughput cases read, repetitions, rows for the memory scaling runs
    "smoke": dict(table_rows=10_000, reps=1, scale=[]),
    "quick": dict(table_rows=1_000_000, reps=2, scale=[250_000, 500_000, 1_000_000]),
    "full": dict(table_rows=5_000_000, reps=3, scale=[1_000_000, 2_000_000, 5_000_000]),
}


def log(msg):
    print(f"compare: {msg}", file=sys.stderr, flush=True)


def sh(cmd, check=True, env=None, timeout=None):
    """Runs a shell command, returns its stdout; raises with its stderr when check fails."""
    p = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True,
                       env=env, timeout=timeout)
    if check and p.returncode != 0:
        raise RuntimeError(f"{cmd!r} exited {p.returncode}: {p.stderr.strip()[-500:]}")
    return p.stdout


def table_name(rows):
    return f"bench_orders_{rows // 1_000_000}m" if rows % 1_000_000 == 0 else \
        f"bench_orders_{rows // 1000}k"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def die_with_parent():
    """Runs in each child before exec: the kernel ends it when the harness ends, however it ends."""
    import ctypes
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


# ---------------------------------------------------------------------------------------------
# Tables


PG_TABLE = """
DROP TABLE IF EXISTS {name}_build;
CREATE TABLE {name}_build AS SELECT
  g AS id,
  timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second' AS created_at,
  'customer-' || (g % 100000) AS customer,
  (((g * 7919) % 10000000) / 100.0)::numeric(12,2) AS amount,
  ARRAY['tag' || (g % 7), 'tag' || (g % 11)] AS tags,
  jsonb_build_object('channel', (ARRAY['web','app','store'])[1 + g % 3],
    'items', 1 + g % 5, 'gift', g % 2 = 0) AS attrs,
  g % 3 <> 0 AS paid,
  CASE WHEN g % 4 = 0 THEN NULL ELSE 'note ' || md5(g::text) END AS note
FROM generate_series(1::bigint, {rows}) g;
ALTER TABLE {name}_build ADD PRIMARY KEY (id);
ALTER TABLE {name}_build RENAME TO {name};
"""

# seq_1_to_N comes from MariaDB's Sequence engine, which is built in.
MARIA_TABLE = """
DROP TABLE IF EXISTS {name}_build;
CREATE TABLE {name}_build (
  id BIGINT NOT NULL PRIMARY KEY,
  created_at TIMESTAMP(6) NOT NULL,
  customer VARCHAR(64) NOT NULL,
  amount DECIMAL(12,2) NOT NULL,
  tags JSON NOT NULL,
  attrs JSON NOT NULL,
  paid BOOLEAN NOT NULL,
  note TEXT NULL
) ENGINE=InnoDB;
SET time_zone = '+00:00';
INSERT INTO {name}_build SELECT
  seq,
  TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND,
  CONCAT('customer-', seq % 100000),
  ((seq * 7919) % 10000000) / 100.0,
  JSON_ARRAY(CONCAT('tag', seq % 7), CONCAT('tag', seq % 11)),
  JSON_OBJECT('channel', ELT(1 + seq % 3, 'web', 'app', 'store'),
    'items', 1 + seq % 5, 'gift', seq % 2 = 0),
  seq % 3 <> 0,
  IF(seq % 4 = 0, NULL, CONCAT('note ', MD5(seq)))
FROM seq_1_to_{rows};
RENAME TABLE {name}_build TO {name};
ANALYZE TABLE {name};
"""


def ensure_tables(rows):
    """Creates bench_orders_<n> in both databases if missing, generated in the database itself.

    The table is built under a temporary name and renamed in the same step, so an interrupted run
    never leaves a half-filled table that a later run would take for a finished one.
    """
    name = table_name(rows)
    sh("psql -h 127.0.0.1 -U postgres -X -tAc \"select 1 from pg_database where datname = "
       "'sluice_bench'\" | grep -q 1 || psql -h 127.0.0.1 -U postgres -X -qc "
       "'create database sluice_bench'")
    sh("mariadb -h 127.0.0.1 -P 3306 -uroot -e 'create database if not exists sluice_bench'")
    databases = [
        ("PostgreSQL", f"psql {PG} -tAc \"select to_regclass('{name}') is not null\"", "t",
         f"psql {PG} -v ON_ERROR_STOP=1 -1", PG_TABLE, f"psql {PG} -c 'VACUUM ANALYZE {name}'"),
        ("MariaDB", f"mariadb {MARIA} -N -e \"select count(*) from information_schema.tables "
         f"where table_schema = 'sluice_bench' and table_name = '{name}'\"", "1",
         f"mariadb {MARIA}", MARIA_TABLE, None),
    ]
    for db, exists, yes, client, script, after in databases:
        if sh(exists).strip() == yes:
            continue
        log(f"creating {db} table {name} ({rows:,} rows)")
        t0 = time.monotonic()
        sh(f"{client} <<'SQL'\n{script.format(name=name, rows=rows)}SQL\n", timeout=1800)
        if after:
            sh(after, timeout=1800)
        log(f"  done in {time.monotonic() - t0:.0f} s")
    return name


# ---------------------------------------------------------------------------------------------
# Services on loopback


class Services:
    """S3Proxy and the discard HTTP server, started on free loopback ports, stopped on exit."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.procs = []
        self.s3_endpoint = None
        self.http_url = None
        self.problems = {}

    def env(self):
        e = dict(os.environ)
        e.update(AWS_ACCESS_KEY_ID=S3_KEY_ID, AWS_SECRET_ACCESS_KEY=S3_SECRET,
                 AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1",
                 # S3Proxy refuses the flexible-checksum trailer that newer AWS clients send by
                 # default; the aws CLI then fails, and Sluice sends a Content-MD5 per part.
                 AWS_REQUEST_CHECKSUM_CALCULATION="when_required",
                 AWS_RESPONSE_CHECKSUM_VALIDATION="when_required")
        return e

    def start_s3proxy(self, helpers):
        cp = helpers.s3proxy_classpath()
        if cp is None:
            self.problems["s3"] = "S3Proxy's classpath could not be resolved (see log above)"
            return
        port = free_port()
        data = os.path.join(self.workdir, "s3proxy-data")
        os.makedirs(data, exist_ok=True)
        props = os.path.join(self.workdir, "s3proxy.properties")
        with open(props, "w") as f:
            f.write(f"s3proxy.endpoint=http://127.0.0.1:{port}\n"
                    "s3proxy.authorization=aws-v2-or-v4\n"
                    f"s3proxy.identity={S3_KEY_ID}\n"
                    f"s3proxy.credential={S3_SECRET}\n"
                    "jclouds.provider=filesystem\n"
                    f"jclouds.filesystem.basedir={data}\n")
        logf = open(os.path.join(self.workdir, "s3proxy.log"), "w")
        self.procs.append(subprocess.Popen(
            ["java", "-Xmx512m", "-Dlogback.configurationFile="
             + os.path.join(HERE, "s3proxy-logback.xml"), "-cp", cp,
             "org.gaul.s3proxy.Main", "--properties", props],
            stdin=subprocess.DEVNULL, stdout=logf, stderr=logf, preexec_fn=die_with_parent))
        endpoint = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.25)
        else:
            self.problems["s3"] = f"S3Proxy did not start on port {port} (see {logf.name})"
            return
        try:
            sh(f"aws --endpoint-url {endpoint} s3 mb s3://{BUCKET}", env=self.env(), timeout=60)
        except Exception as e:  # noqa: BLE001 - reported as the reason the S3 cases are skipped
            self.problems["s3"] = f"creating the bucket on S3Proxy failed: {e}"
            return
        self.s3_endpoint = endpoint
        log(f"S3Proxy on {endpoint}, bucket {BUCKET}")

    def start_discard(self, helpers):
        cp = helpers.classpath()
        if cp is None:
            self.problems["http"] = "the discard server could not be built (see log above)"
            return
        p = subprocess.Popen(["java", "-Xmx256m", "-cp", cp,
                              "dev.sluice.bench.compare.DiscardServer", "0"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             preexec_fn=die_with_parent)
        self.procs.append(p)
        line = p.stdout.readline().strip()
        if not line.startswith("listening "):
            self.problems["http"] = f"the discard server did not start: {line!r}"
            return
        self.http_url = f"http://127.0.0.1:{line.split()[1]}/ingest"
        log(f"discard HTTP server on {self.http_url}")

    def object_size(self, key):
        out = sh(f"aws --endpoint-url {self.s3_endpoint} s3api head-object --bucket {BUCKET} "
                 f"--key {key} --query ContentLength --output text", env=self.env(), check=False)
        return int(out.strip()) if out.strip().isdigit() else None

    def empty_bucket(self):
        """Removes every object (Sluice may store a manifest beside the export) between runs."""
        sh(f"aws --endpoint-url {self.s3_endpoint} s3 rm --recursive --quiet s3://{BUCKET}/",
           env=self.env(), check=False)

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                if p.stdin:
                    p.stdin.close()
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


class Helpers:
    """The Java helpers in bench/compare.d, built on first need."""

    def __init__(self):
        self._cp = None
        self._s3cp = None
        self._tried = set()

    def _mvn(self, args, what):
        if what in self._tried:
            return False
        self._tried.add(what)
        log(f"building {what} (mvn {args})")
        p = subprocess.run(f"mvn -q -B -ntp -f {HERE}/pom.xml {args}", shell=True,
                           capture_output=True, text=True)
        if p.returncode != 0:
            log(f"building {what} failed:\n{p.stdout[-3000:]}{p.stderr[-3000:]}")
            return False
        return True

    def classpath(self):
        if self._cp is None and self._mvn(
                "package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt",
                "the harness helpers"):
            with open(os.path.join(HERE, "target", "classpath.txt")) as f:
                self._cp = os.path.join(HERE, "target", "classes") + ":" + f.read().strip()
        return self._cp

    def s3proxy_classpath(self):
        if self._s3cp is None and self._mvn(
                "-P s3proxy dependency:build-classpath "
                "-Dmdep.outputFile=target/s3proxy-classpath.txt", "S3Proxy's classpath"):
            with open(os.path.join(HERE, "target", "s3proxy-classpath.txt")) as f:
                self._s3cp = f.read().strip()
        return self._s3cp


# ---------------------------------------------------------------------------------------------
# Sluice, as the command line a user runs


class Sluice:
    """Probes once what the ./sluice command on this branch can do, with a tiny real export."""

    def __init__(self, services, workdir):
        self.services = services
        self.workdir = workdir
        self.launcher = os.path.join(ROOT, "sluice")
        self.missing = {}
        self.help = ""
        self.version = None

    def java_opts(self):
        return os.environ.get("SLUICE_BENCH_JAVA_OPTS", "")

    def argv(self, jdbc, query, fmt, compress, dest, summary, level=None):
        args = [self.launcher, "export", "--from", jdbc, "--query", query, "--format", fmt,
                "--compress", compress, "--to", dest, "--quiet", "--summary-json", summary]
        if level is not None:
            args += ["--compress-level", str(level)]
        if dest.startswith("s3://"):
            # Checksums as a user gets them: with AWS_REQUEST_CHECKSUM_CALCULATION=when_required
            # (set above for the aws CLI) every part carries a Content-MD5 that S3Proxy checks.
            args += ["--s3-endpoint", self.services.s3_endpoint, "--s3-path-style"]
        return args

    def probe(self, kinds):
        """Fills self.missing[kind] with a one-line reason for each kind that cannot run."""
        if not os.access(self.launcher, os.X_OK):
            for k in kinds:
                self.missing[k] = "not available yet: no ./sluice launcher on this branch"
            return
        log("building/starting ./sluice (first use builds the jar)")
        p = subprocess.run([self.launcher, "export", "--help"], capture_output=True, text=True,
                           env=self.env(), timeout=900)
        self.help = p.stdout + p.stderr
        if p.returncode != 0 or "--from" not in self.help:
            for k in kinds:
                self.missing[k] = ("not available yet: `./sluice export --help` failed: "
                                   + first_line(self.help))
            return
        if "shards" in kinds and "--shards" not in self.help:
            self.missing["shards"] = "not available yet: `./sluice export` has no --shards"
        probes = {
            "pg": (PG_JDBC, "SELECT 1 AS x", "-"),
            "maria": (MARIA_JDBC, "SELECT 1 AS x", "-"),
            "file": (PG_JDBC, "SELECT 1 AS x", os.path.join(self.workdir, "probe.ndjson")),
            "s3": (PG_JDBC, "SELECT 1 AS x", f"s3://{BUCKET}/probe.ndjson"),
            "http": (PG_JDBC, "SELECT 1 AS x", self.services.http_url or ""),
        }
        for kind in kinds:
            if kind == "shards":
                continue
            if kind == "s3" and not self.services.s3_endpoint:
                self.missing[kind] = self.services.problems.get("s3", "S3Proxy not started")
                continue
            if kind == "http" and not self.services.http_url:
                self.missing[kind] = self.services.problems.get("http", "no discard server")
                continue
            jdbc, query, dest = probes[kind]
            summary = os.path.join(self.workdir, f"probe-{kind}.json")
            argv = self.argv(jdbc, query, "ndjson", "none", dest, summary)
            # Twice: the first run of a kind after a build records the launcher's warm-start
            # cache and the second makes it (see ./sluice), so no timed run pays for either.
            for _ in range(2):
                p = subprocess.run(argv, capture_output=True, text=True, env=self.env(),
                                   timeout=300)
                if p.returncode != 0:
                    break
            if p.returncode != 0:
                self.missing[kind] = (f"not available yet: a one-row probe export failed "
                                      f"(exit {p.returncode}): {first_line(p.stderr)}")
            elif kind == "s3":
                self.services.empty_bucket()

    def env(self):
        e = self.services.env()
        if self.java_opts():
            e["JAVA_OPTS"] = self.java_opts()
        return e


def first_line(text):
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return "(no output)"


# ---------------------------------------------------------------------------------------------
# Cases


class Case:
    """One contender in one scenario. build(query) returns (stages, stdout target, cleanup)."""

    def __init__(self, cid, group, label, who, needs, build, bytes_from):
        self.id = cid
        self.group = group
        self.label = label
        self.who = who  # "sluice" or "reference"
        self.needs = needs  # kinds that must be available: tools and sluice capabilities
        self.build = build
        self.bytes_from = bytes_from  # "summary", "stderr", "size:<key>", "file"


GROUPS = [
    ("pg-null", "PostgreSQL to /dev/null"),
    ("pg-file", "PostgreSQL to a file"),
    ("pg-packed", "PostgreSQL to a compressed file: CSV, NDJSON and Parquet, zstd"),
    ("pg-s3", "PostgreSQL to S3 (S3Proxy on loopback)"),
    ("pg-http", "PostgreSQL to HTTP (discard server on loopback)"),
    ("maria-null", "MariaDB to /dev/null"),
    ("pg-shards", "PostgreSQL table to files in shards (--shards N: one snapshot, N connections)"),
]


def make_cases(ctx):
    """Every contender. The commands are what a user would type, with the ports filled in."""
    sl = ctx.sluice
    w = ctx.workdir
    cases = []

    def psql_copy(q):
        return f"psql {PG} -c {shlex.quote(f'COPY ({q}) TO STDOUT (FORMAT csv)')}"

    def sluice_stage(jdbc, q, fmt, comp, dest, level=None):
        summary = os.path.join(w, "summary.json")
        return shlex.join(sl.argv(jdbc, q, fmt, comp, dest, summary, level))

    def jdbc_loop(q, fetch, heap=None):
        opts = f"-Xmx{heap} -XX:+ExitOnOutOfMemoryError " if heap else ""
        return (f"java {opts}-cp {ctx.helpers_cp_placeholder} "
                f"dev.sluice.bench.reference.JdbcLoop {shlex.quote(PG_JDBC)} "
                f"{shlex.quote(q)} {fetch}")

    add = lambda *a: cases.append(Case(*a))  # noqa: E731

    # PostgreSQL to /dev/null
    add("psql-copy-csv", "pg-null", "psql COPY (csv)", "reference", ["psql"],
        lambda q: ([psql_copy(q)], "/dev/null", None), "size:pg-csv")
    add("jdbc-loop-fetch", "pg-null", "JDBC loop + Jackson NDJSON, fetch size 10000",
        "reference", ["helpers"], lambda q: ([jdbc_loop(q, 10000)], "/dev/null", None), "stderr")
    add("jdbc-loop-nofetch", "pg-null", "JDBC loop + Jackson NDJSON, no fetch size (-Xmx1g)",
        "reference", ["helpers"], lambda q: ([jdbc_loop(q, 0, "1g")], "/dev/null", None),
        "stderr")
    add("sluice-pg-csv", "pg-null", "Sluice CSV", "sluice", ["pg"],
        lambda q: ([sluice_stage(PG_JDBC, q, "csv", "none", "-")], "/dev/null", None), "summary")
    add("sluice-pg-ndjson", "pg-null", "Sluice NDJSON", "sluice", ["pg"],
        lambda q: ([sluice_stage(PG_JDBC, q, "ndjson", "none", "-")], "/dev/null", None),
        "summary")

    add("sluice-pg-ndjson-64m", "pg-null", "Sluice NDJSON, JAVA_OPTS=-Xmx64m", "sluice", ["pg"],
        lambda q: (["env JAVA_OPTS=-Xmx64m " + sluice_stage(PG_JDBC, q, "ndjson", "none", "-")],
                   "/dev/null", None), "summary")

    # PostgreSQL to a file
    out = os.path.join(w, "out")
    add("psql-copy-csv-file", "pg-file", "psql COPY (csv) > file", "reference", ["psql"],
        lambda q: ([psql_copy(q)], out + ".csv", out + ".csv"), "file")
    add("sluice-pg-csv-file", "pg-file", "Sluice CSV to a file", "sluice", ["file"],
        lambda q: ([sluice_stage(PG_JDBC, q, "csv", "none", out + ".csv")], "/dev/null",
                   out + ".csv"), "summary")
    add("sluice-pg-ndjson-file", "pg-file", "Sluice NDJSON to a file", "sluice", ["file"],
        lambda q: ([sluice_stage(PG_JDBC, q, "ndjson", "none", out + ".ndjson")], "/dev/null",
                   out + ".ndjson"), "summary")

    # PostgreSQL to a compressed file: Sluice's zstd formats side by side, and DuckDB's own
    # Parquet (zstd) of the same rows for its size. DuckDB cannot read PostgreSQL here (its postgres
    # extension downloads at INSTALL), so it reads the CSV Sluice writes; that CSV export is in
    # its time, which is not a figure to compare, only the stored size is.
    for fmt, ext in [("csv", ".csv.zst"), ("ndjson", ".ndjson.zst"), ("parquet", ".parquet")]:
        comp = "zstd"
        add(f"sluice-pg-{fmt}-zstd-file", "pg-packed", f"Sluice {fmt.upper()}, zstd, to a file",
            "sluice", ["file"],
            (lambda fmt, ext, comp: lambda q: (
                [sluice_stage(PG_JDBC, q, fmt, comp, out + ext)], "/dev/null", out + ext))(
                fmt, ext, comp), "summary")
    duck_dir = os.path.join(ROOT, "test-tools", "duckdb")

    def duckdb_parquet(q):
        csv = out + ".duck-source.csv"
        copy = (f"COPY (SELECT * FROM read_csv('{csv}')) TO '{out}.duck.parquet'"
                " (FORMAT parquet, COMPRESSION zstd)")
        script = (sluice_stage(PG_JDBC, q, "csv", "none", csv) + " && cd "
                  + shlex.quote(duck_dir) + " && node read.mjs " + shlex.quote(copy)
                  + " > /dev/null && rm -f " + shlex.quote(csv) + "*")
        return ["bash -c " + shlex.quote(script)], "/dev/null", out + ".duck.parquet"

    add("duckdb-parquet-zstd", "pg-packed",
        "DuckDB COPY ... (FORMAT parquet, COMPRESSION zstd) of Sluice's CSV (size only)",
        "reference", ["file", "duckdb"], duckdb_parquet, "summary")

    # PostgreSQL to S3
    def aws_cp(key):
        return f"aws --endpoint-url {ctx.services.s3_endpoint} s3 cp - s3://{BUCKET}/{key}"

    add("pipeline-s3-gzip", "pg-s3", "psql COPY | gzip -1 | aws s3 cp -", "reference",
        ["psql", "aws", "s3svc"],
        lambda q: ([psql_copy(q), "gzip -1", aws_cp("pipeline.csv.gz")], "/dev/null",
                   "s3:pipeline.csv.gz"), "size:pg-csv")
    # zstd at its default level (3) and at level 1, which issue 16's target names.
    for case, comp, level, label in [("none", "none", None, "CSV"),
                                     ("gzip", "gzip", 1, "CSV, gzip -1"),
                                     ("zstd", "zstd", None, "CSV, zstd"),
                                     ("zstd1", "zstd", 1, "CSV, zstd -1")]:
        key = f"sluice-{case}.csv" + {"none": "", "gzip": ".gz", "zstd": ".zst"}[comp]
        add(f"sluice-pg-s3-{case}", "pg-s3", f"Sluice {label}", "sluice", ["s3"],
            (lambda key, comp, level: lambda q: (
                [sluice_stage(PG_JDBC, q, "csv", comp, f"s3://{BUCKET}/{key}", level)],
                "/dev/null", "s3:" + key))(key, comp, level), "summary")

    # PostgreSQL to HTTP
    add("sluice-pg-http-ndjson", "pg-http", "Sluice NDJSON to HTTP (chunked POST)", "sluice",
        ["http"], lambda q: ([sluice_stage(PG_JDBC, q, "ndjson", "none", ctx.services.http_url)],
                             "/dev/null", None), "summary")

    # MariaDB to /dev/null
    add("mariadb-quick", "maria-null", "mariadb --quick -e SELECT", "reference", ["mariadb"],
        lambda q: ([f"mariadb {MARIA} --quick -e {shlex.quote(q)}"], "/dev/null", None),
        "size:maria-tsv")
    add("sluice-maria-ndjson", "maria-null", "Sluice NDJSON", "sluice", ["maria"],
        lambda q: ([sluice_stage(MARIA_JDBC, q, "ndjson", "none", "-")], "/dev/null", None),
        "summary")
    add("sluice-maria-csv", "maria-null", "Sluice CSV", "sluice", ["maria"],
        lambda q: ([sluice_stage(MARIA_JDBC, q, "csv", "none", "-")], "/dev/null", None),
        "summary")
    # PostgreSQL table to files in shards: the same table as one connection's "Sluice CSV to a
    # file", split by ctid block ranges into N objects read at once from one snapshot.
    def sluice_shards(n, dest):
        summary = os.path.join(w, "summary.json")
        return shlex.join([sl.launcher, "export", "--from", PG_JDBC, "--table", ctx.table,
                           "--shards", str(n), "--format", "csv", "--to", dest, "--quiet",
                           "--summary-json", summary])

    for n in (1, 2, 4):
        shard_dir = os.path.join(w, f"shards{n}")
        add(f"sluice-pg-shards-{n}", "pg-shards", f"Sluice CSV, --shards {n}", "sluice",
            ["file", "shards"],
            (lambda n, d: lambda q: (os.makedirs(d, exist_ok=True) or [sluice_shards(
                n, os.path.join(d, "part-{shard}.csv"))], "/dev/null", "dir:" + d))(
                n, shard_dir), "summary")
    return cases


# Which cases each mode runs, and the pairs whose ratio the report states (with the project's
# target where one is set: "min" means Sluice's rows/s over the reference's should reach it).
MODE_CASES = {
    "smoke": ["psql-copy-csv", "jdbc-loop-fetch", "sluice-pg-csv"],
    "quick": ["psql-copy-csv", "jdbc-loop-fetch", "jdbc-loop-nofetch", "sluice-pg-csv",
              "sluice-pg-ndjson", "sluice-pg-ndjson-64m", "pipeline-s3-gzip", "sluice-pg-s3-none",
              "sluice-pg-s3-gzip", "sluice-pg-s3-zstd", "sluice-pg-s3-zstd1",
              "sluice-pg-http-ndjson", "mariadb-quick",
              "sluice-maria-ndjson", "sluice-pg-csv-zstd-file", "sluice-pg-ndjson-zstd-file",
              "sluice-pg-parquet-zstd-file", "duckdb-parquet-zstd", "sluice-pg-csv-file",
              "sluice-pg-shards-1", "sluice-pg-shards-2", "sluice-pg-shards-4"],
}
SCALE_CASES = ["psql-copy-csv", "jdbc-loop-fetch", "jdbc-loop-nofetch", "sluice-pg-ndjson",
               "sluice-pg-ndjson-64m", "sluice-pg-s3-gzip", "pipeline-s3-gzip"]
RATIOS = [
    ("sluice-pg-csv", "psql-copy-csv", 0.95, "CSV at least 0.95 of psql COPY"),
    ("sluice-pg-ndjson", "psql-copy-csv", 0.8, "NDJSON at least 0.8 of psql COPY"),
    ("sluice-pg-ndjson", "jdbc-loop-fetch", None, "about 2x the plain loop"),
    ("sluice-maria-ndjson", "mariadb-quick", 0.9, "at least 0.9 of mariadb --quick"),
    ("sluice-pg-s3-gzip", "pipeline-s3-gzip", 1.2, "gzip at least 1.2x the pipeline"),
    ("sluice-pg-s3-zstd", "pipeline-s3-gzip", 1.5,
     "zstd at least 1.5x the pipeline (or 0.85 of COPY, whichever is lower)"),
    ("sluice-pg-s3-zstd", "psql-copy-csv", 0.85, "(or) zstd at least 0.85 of COPY"),
    ("sluice-pg-s3-zstd1", "psql-copy-csv", 0.85, "zstd -1 to S3 at least 0.85 of COPY"),
    ("sluice-pg-http-ndjson", "sluice-pg-ndjson", 0.9,
     "the HTTP sink costs less than 10% against /dev/null"),
    ("sluice-pg-csv-file", "psql-copy-csv-file", None, "to a file"),
    ("sluice-pg-ndjson-64m", "sluice-pg-ndjson", None, "what a 64 MiB heap costs"),
    ("sluice-pg-parquet-zstd-file", "sluice-pg-csv-zstd-file", 0.5,
     "Parquet zstd at least 0.5 of CSV zstd"),
    ("sluice-pg-parquet-zstd-file", "sluice-pg-ndjson-zstd-file", None, "against NDJSON zstd"),
    # A fifth field "size" compares stored bytes instead, and the target is a most.
    ("sluice-pg-parquet-zstd-file", "duckdb-parquet-zstd", 1.1,
     "Parquet size at most 1.1x DuckDB's Parquet (zstd)", "size"),
    ("sluice-pg-parquet-zstd-file", "sluice-pg-ndjson-zstd-file", None,
     "Parquet size against NDJSON zstd", "size"),
    ("sluice-pg-shards-1", "sluice-pg-csv-file", None, "one shard against one connection"),
    ("sluice-pg-shards-2", "sluice-pg-csv-file", None, "2 shards against one connection"),
    ("sluice-pg-shards-4", "sluice-pg-csv-file", None, "4 shards against one connection"),
]


# ---------------------------------------------------------------------------------------------
# Running


class Context:
    pass


def case_available(ctx, case):
    for need in case.needs:
        if need in ("psql", "mariadb", "aws"):
            if not shutil.which(need):
                return f"`{need}` is not installed"
        elif need == "duckdb":
            if not os.path.isdir(os.path.join(ROOT, "test-tools/duckdb/node_modules/@duckdb")):
                return "DuckDB is not installed: (cd test-tools/duckdb && npm ci)"
        elif need == "helpers":
            if ctx.helpers.classpath() is None:
                return "the JDBC loop reference could not be built"
        elif need == "s3svc":
            if not ctx.services.s3_endpoint:
                return ctx.services.problems.get("s3", "S3Proxy not started")
        elif need in ctx.sluice.missing:
            return ctx.sluice.missing[need]
    return None


def measure_size(ctx, key, query):
    """Bytes that psql COPY / mariadb emit for a query, measured once (untimed) and cached."""
    cache_file = os.path.join(RESULTS, "sizes.json")
    cache = {}
    if os.path.exists(cache_file):
        with open(cache_file) as f:
            cache = json.load(f)
    ck = f"{key}|{query}"
    if ck not in cache:
        if key == "pg-csv":
            cmd = f"psql {PG} -c {shlex.quote(f'COPY ({query}) TO STDOUT (FORMAT csv)')} | wc -c"
        else:
            cmd = f"mariadb {MARIA} --quick -e {shlex.quote(query)} | wc -c"
        cache[ck] = int(sh(cmd, timeout=1800).strip())
        with open(cache_file, "w") as f:
            json.dump(cache, f, indent=1)
    return cache[ck]


def run_case(ctx, case, query, rows, timeout):
    stages, stdout_to, artifact = case.build(query)
    if any(ctx.helpers_cp_placeholder in s for s in stages):
        stages = [s.replace(ctx.helpers_cp_placeholder, ctx.helpers.classpath() or "")
                  for s in stages]
    timefiles = [os.path.join(ctx.workdir, f"time{i}") for i in range(len(stages))]
    for t in timefiles:
        if os.path.exists(t):
            os.remove(t)
    summary = os.path.join(ctx.workdir, "summary.json")
    if os.path.exists(summary):
        os.remove(summary)
    # Per stage: peak RSS (KiB), then user and system CPU seconds of the process and every child
    # it waited for (the launcher's JVM, aws's workers), so a pipeline's CPU is its stages' sum.
    cmd = " | ".join(f"/usr/bin/time -f '%M %U %S' -o {t} {s}"
                     for t, s in zip(timefiles, stages))
    cmd += f" > {shlex.quote(stdout_to)}"
    errf = os.path.join(ctx.workdir, "stderr")
    t0 = time.monotonic()
    with open(errf, "w") as err:
        try:
            p = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=err, env=ctx.sluice.env(),
                               timeout=timeout, preexec_fn=die_with_parent)
            code = p.returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
    seconds = time.monotonic() - t0
    with open(errf) as f:
        stderr = f.read()
    rss, cpu = [], []
    for t in timefiles:
        kib, secs = time_file(t)
        rss.append(kib)
        cpu.append(secs)
    r = dict(case=case.id, rows=rows, seconds=seconds, rss_kib=rss, cpu_s=cpu, ok=code == 0,
             exit=code)
    if code != 0:
        r["error"] = "OOM" if "OutOfMemoryError" in stderr else \
            f"exit {code}: {first_line(stderr)}"
    else:
        r["bytes"] = output_bytes(ctx, case, query, stderr, summary, artifact)
        if artifact and artifact.startswith("s3:"):
            r["stored_bytes"] = ctx.services.object_size(artifact[3:])
    if artifact and artifact.startswith("dir:"):
        shutil.rmtree(artifact[4:], ignore_errors=True)
    elif artifact:
        if artifact.startswith("s3:"):
            ctx.services.empty_bucket()
        elif os.path.exists(artifact):
            if r["ok"] and case.bytes_from == "file":
                r["bytes"] = os.path.getsize(artifact)
            elif r["ok"]:
                r["stored_bytes"] = os.path.getsize(artifact)
            os.remove(artifact)
        for extra in glob.glob(glob.escape(artifact) + ".*"):  # a manifest beside the file
            os.remove(extra)
    return r


def time_file(path):
    """GNU time's '%M %U %S' line (it may follow "Command exited with non-zero status N"):
    (peak RSS KiB, user + system CPU seconds), None for what is missing."""
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError:
        return None, None
    for line in reversed(lines):
        f = line.split()
        if len(f) == 3 and f[0].isdigit():
            try:
                return int(f[0]), float(f[1]) + float(f[2])
            except ValueError:
                pass
    return None, None


def output_bytes(ctx, case, query, stderr, summary, artifact):
    if case.bytes_from == "stderr":
        m = re.search(r"bytes=(\d+)", stderr)
        return int(m.group(1)) if m else None
    if case.bytes_from.startswith("size:"):
        return measure_size(ctx, case.bytes_from[5:], query)
    if case.bytes_from == "summary":
        try:
            with open(summary) as f:
                data = json.load(f)
        except (OSError, ValueError):
            return None
        return find_number(data, ["rawBytes", "raw_bytes", "bytesRaw", "bytes"])
    return None


def find_number(data, keys):
    """The first of keys found anywhere in a JSON document (the summary's shape may nest)."""
    if isinstance(data, dict):
        for k in keys:
            if isinstance(data.get(k), (int, float)):
                return int(data[k])
        for v in data.values():
            n = find_number(v, keys)
            if n is not None:
                return n
    return None


def run_all(ctx, cases, query, rows, reps, label):
    """Runs cases reps times, rotating the order each repetition; returns the raw runs."""
    runs = []
    if not cases:
        return runs
    for rep in range(reps):
        order = cases[rep % len(cases):] + cases[:rep % len(cases)]
        for case in order:
            r = run_case(ctx, case, query, rows, ctx.timeout)
            r["rep"] = rep
            r["set"] = label
            runs.append(r)
            if r["ok"]:
                log(f"[{label} rep {rep + 1}/{reps}] {case.id}: {r['seconds']:.2f} s, "
                    f"{rows / r['seconds']:,.0f} rows/s, peak RSS "
                    f"{max(x or 0 for x in r['rss_kib']) / 1024:.0f} MiB")
            else:
                log(f"[{label} rep {rep + 1}/{reps}] {case.id}: FAILED {r['error']}")
    return runs


def summarise(runs, case_ids):
    out = {}
    for cid in case_ids:
        rs = [r for r in runs if r["case"] == cid]
        ok = [r for r in rs if r["ok"]]
        if not rs:
            continue
        if not ok:
            out[cid] = dict(ok=False, error=rs[0]["error"], n=len(rs), rows=rs[0]["rows"])
            continue
        secs = [r["seconds"] for r in ok]
        rss = [max(x or 0 for x in r["rss_kib"]) for r in ok]
        med = statistics.median(secs)
        rows = ok[0]["rows"]
        b = [r.get("bytes") for r in ok if r.get("bytes")]
        stage_rss = [statistics.median(x) for x in
                     zip(*[[y or 0 for y in r["rss_kib"]] for r in ok])]
        # Client CPU: every process of the command (never the database or S3 server), summed.
        cpus = [r.get("cpu_s") or [] for r in ok]
        cpus = [c for c in cpus if c and None not in c]
        cpu = statistics.median(sum(c) for c in cpus) if cpus else None
        stage_cpu = [statistics.median(x) for x in zip(*cpus)] if cpus else []
        out[cid] = dict(ok=True, n=len(ok), failed=len(rs) - len(ok), rows=rows,
                        median_s=med, min_s=min(secs), max_s=max(secs),
                        rows_per_s=rows / med, mb_per_s=(b[0] / 1e6 / med) if b else None,
                        bytes=b[0] if b else None, peak_rss_mib=max(rss) / 1024,
                        stage_rss_mib=[x / 1024 for x in stage_rss],
                        cpu_s=cpu, cpu_s_per_mrows=cpu / rows * 1e6 if cpu is not None else None,
                        stage_cpu_s=stage_cpu,
                        stored_bytes=next((r.get("stored_bytes") for r in ok
                                           if r.get("stored_bytes")), None))
    return out


# ---------------------------------------------------------------------------------------------
# Balance of shards on a skewed key


SKEW_TABLE = """
DROP TABLE IF EXISTS {name}_build;
CREATE TABLE {name}_build AS SELECT g AS id,
  floor(1e9 * power(((g * 7919) % {rows})::float8 / {rows}, 4))::bigint AS k,
  md5(g::text) AS pad
FROM generate_series(1::bigint, {rows}) g;
ALTER TABLE {name}_build RENAME TO {name};
ANALYZE {name};
"""

BALANCE_SHARDS = 16


def shard_balance(ctx, rows):
    """Largest over mean rows per shard on a skewed key (k = 10^9 * u^4, rows in random order):
    Sluice's quantile boundaries (--shard-by k, read back from the set manifest) against equal
    strides between the key's minimum and maximum (Spark's JDBC partitioning), on the same table.
    """
    if "shards" in ctx.sluice.missing or "file" in ctx.sluice.missing:
        return dict(skipped=ctx.sluice.missing.get("shards") or ctx.sluice.missing["file"])
    name = f"bench_skew_{rows // 1000}k"
    if sh(f"psql {PG} -tAc \"select to_regclass('{name}') is not null\"").strip() != "t":
        log(f"creating PostgreSQL table {name} ({rows:,} rows, skewed key)")
        sh(f"psql {PG} -v ON_ERROR_STOP=1 -1 <<'SQL'\n"
           f"{SKEW_TABLE.format(name=name, rows=rows)}SQL\n", timeout=1800)
    out = os.path.join(ctx.workdir, "skew")
    os.makedirs(out, exist_ok=True)
    argv = [ctx.sluice.launcher, "export", "--from", PG_JDBC, "--table", name, "--shard-by", "k",
            "--shards", str(BALANCE_SHARDS), "--format", "csv", "--to",
            os.path.join(out, "part-{shard}.csv"), "--quiet"]
    t0 = time.monotonic()
    p = subprocess.run(argv, capture_output=True, text=True, env=ctx.sluice.env(), timeout=1800)
    seconds = time.monotonic() - t0
    command = shlex.join(argv).replace(ctx.workdir, "$TMP").replace(ROOT + "/", "")
    if p.returncode != 0:
        shutil.rmtree(out, ignore_errors=True)
        return dict(skipped=f"exit {p.returncode}: {first_line(p.stderr)}", command=command)
    with open(os.path.join(out, "part-set.csv.manifest.json")) as f:
        per_shard = [s["rows"] for s in json.load(f)["shards"]]
    shutil.rmtree(out, ignore_errors=True)
    strides = sh(f"psql {PG} -tAc \"SELECT max(c) * {BALANCE_SHARDS}.0 / sum(c) FROM (SELECT "
                 f"width_bucket(k, m.lo, m.hi + 1, {BALANCE_SHARDS}) AS b, count(*) AS c FROM "
                 f"{name}, (SELECT min(k) AS lo, max(k) AS hi FROM {name}) m GROUP BY b) x\"")
    quantiles = max(per_shard) * len(per_shard) / sum(per_shard)
    log(f"balance on {name}: quantiles {quantiles:.3f}, equal strides {float(strides):.2f} "
        f"(largest/mean of {BALANCE_SHARDS} shards), export {seconds:.1f} s")
    return dict(table=name, rows=rows, shards=BALANCE_SHARDS, quantiles=quantiles,
                strides=float(strides), rows_per_shard=per_shard, seconds=seconds,
                command=command)


# ---------------------------------------------------------------------------------------------
# The pipe's own benchmark (owned by bench/run-pipe-bench and bench/go; called, not copied)


def pipe_results(mode, workdir, reuse=None):
    """JMH results of PipeThroughput and Go's io.Pipe figures, each with where it came from.

    A quick run reuses bench/run-pipe-bench's last results file when there is one, else runs a
    very short JMH pass on platform threads; a full run runs JMH with run-pipe-bench's settings.
    JMH's jar is run directly rather than through run-pipe-bench because that script takes the
    benchmark lock, which the caller of bench/compare already holds.
    """
    out = dict(jmh=None, jmh_source=None, go=None, go_source=None)
    runner = os.path.join(ROOT, "bench", "run-pipe-bench")
    if not os.path.exists(runner):
        out["jmh_source"] = "not available yet: bench/run-pipe-bench is not on this branch"
    else:
        last = reuse or os.path.join(RESULTS, "pipe-throughput.json")
        if reuse or (mode == "quick" and os.path.exists(last)):
            with open(last) as f:
                out["jmh"] = json.load(f)
            stamp = datetime.datetime.fromtimestamp(os.path.getmtime(last),
                                                    datetime.timezone.utc)
            where = os.path.relpath(last, ROOT) if not reuse else last
            out["jmh_source"] = (f"reused, not rerun: results of `bench/run-pipe-bench` "
                                 f"with its full settings ({where}, written "
                                 f"{stamp:%Y-%m-%d %H:%M} UTC)")
        else:
            settings = (["-wi", "1", "-i", "2", "-w", "500ms", "-r", "500ms", "-p",
                         "threads=platform"] if mode == "quick"
                        else ["-wi", "3", "-i", "5", "-w", "1s", "-r", "1s"])
            dest = os.path.join(RESULTS, f"compare-pipe-{mode}.json")
            log("building bench/target/benchmarks.jar and running the pipe's JMH benchmark")
            try:
                sh(f"cd {ROOT} && mvn -q -B -ntp -pl bench -am package -DskipTests", timeout=900)
                cmd = ["java", "-jar", "bench/target/benchmarks.jar", "PipeThroughput", "-f", "1"]
                cmd += settings + ["-rf", "json", "-rff", dest]
                p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=3600)
                if p.returncode != 0:
                    raise RuntimeError(first_line(p.stderr) + " " + p.stdout[-300:])
                with open(dest) as f:
                    out["jmh"] = json.load(f)
                kind = ("a very short run (1 warm-up, 2 measured iterations of 0.5 s, platform "
                        "threads only): indicative, not a figure to quote" if mode == "quick"
                        else "run-pipe-bench's settings (3 warm-up, 5 measured iterations of 1 s)")
                out["jmh_source"] = (f"run by this bench/compare: `java -jar bench/target/"
                                     f"benchmarks.jar PipeThroughput -f 1 {' '.join(settings)}`, "
                                     f"{kind}")
            except Exception as e:  # noqa: BLE001 - reported in the docs instead of a table
                out["jmh_source"] = f"the JMH run failed: {str(e)[:300]}"
                log(out["jmh_source"])
    godir = os.path.join(ROOT, "bench", "go")
    if not shutil.which("go"):
        out["go_source"] = "Go is not installed (Debian: golang-go)"
    elif not os.path.isdir(godir):
        out["go_source"] = "not available yet: bench/go is not on this branch"
    else:
        args = ["-wi", "1", "-i", "2"] if mode == "quick" else []
        binary = os.path.join(workdir, "go-pipebench")
        try:
            log("running Go's io.Pipe benchmark (bench/go)")
            sh(f"cd {godir} && go build -o {binary} .", timeout=600)
            text = sh(shlex.join([binary] + args), timeout=900)
            figures = {}
            for line in text.splitlines():
                f = line.split()
                if len(f) == 3 and f[0].isdigit():
                    figures[f[0]] = [float(f[1]), float(f[2])]
            out["go"] = figures
            out["go_source"] = (f"bench/go (`go build`, then `go-pipebench {' '.join(args)}`), "
                                f"{first_line(text).lstrip('# ')}")
        except Exception as e:  # noqa: BLE001 - reported in the docs instead of a column
            out["go_source"] = f"the Go run failed: {str(e)[:300]}"
            log(out["go_source"])
    return out


# ---------------------------------------------------------------------------------------------
# Machine and versions


def machine():
    def cmd(c):
        try:
            return first_line(sh(c + " 2>&1", check=False, timeout=30))
        except Exception:  # noqa: BLE001 - a missing tool is reported as such
            return "(unavailable)"
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    return {
        "cpus": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": cmd("uname -r"), "jdk": cmd("java -version"),
        "postgresql": cmd(f"psql {PG} -tAc 'show server_version'"),
        "mariadb": cmd(f"mariadb {MARIA} -N -e 'select version()'"),
        "psql": cmd("psql --version"), "mariadb_client": cmd("mariadb --version"),
        "awscli": cmd("aws --version"), "gzip": cmd("gzip --version"),
        "go": cmd("go version") if shutil.which("go") else "(not installed)",
        "sluice_commit": cmd(f"git -C {ROOT} rev-parse --short HEAD"),
        "sluice_dirty": bool(sh(f"git -C {ROOT} status --porcelain -- . ':!docs' ':!README.md'",
                                check=False).strip()),
    }


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# ---------------------------------------------------------------------------------------------
# Main


def main():
    ap = argparse.ArgumentParser(prog="bench/compare", description=__doc__.split("\n")[0])
    m = ap.add_mutually_exclusive_group()
    m.add_argument("--smoke", action="store_true",
                   help="10k rows, one rep: psql COPY, the JDBC loop, Sluice CSV; no docs (for CI)")
    m.add_argument("--quick", action="store_true", help="1M rows, 2 reps, the main cases")
    ap.add_argument("--reps", type=int, help="repetitions per case (default by mode)")
    ap.add_argument("--only", help="run only the cases whose id matches this regex")
    ap.add_argument("--rows", type=int,
                    help="rows of the table (default by mode; a multiple of 1000); the memory "
                         "scaling points are scaled to match")
    ap.add_argument("--no-docs", action="store_true",
                    help="do not regenerate docs/benchmarks.md, README.md and the charts")
    ap.add_argument("--no-pipe", action="store_true",
                    help="leave out the pipe's JMH and Go figures")
    ap.add_argument("--pipe-results", metavar="JMH_JSON",
                    help="reuse this results file of bench/run-pipe-bench instead of running JMH")
    ap.add_argument("--render", metavar="RESULTS_JSON",
                    help="regenerate docs and charts from a results file, run nothing")
    args = ap.parse_args()

    if args.render:
        import report
        with open(args.render) as f:
            report.render(json.load(f), ROOT)
        return 0

    mode = "smoke" if args.smoke else "quick" if args.quick else "full"
    conf = dict(MODES[mode])
    reps = args.reps or conf["reps"]
    if args.rows:
        if args.rows < 1000 or args.rows % 1000:
            ap.error(f"--rows must be a multiple of 1000: {args.rows}")
        factor = args.rows / conf["table_rows"]
        conf["scale"] = [int(n * factor) // 1000 * 1000 for n in conf["scale"]]
        conf["table_rows"] = args.rows
    os.makedirs(RESULTS, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="compare-", dir=RESULTS)
    ctx = Context()
    ctx.workdir = workdir
    ctx.timeout = 120 if mode == "smoke" else 1800
    ctx.helpers = Helpers()
    ctx.helpers_cp_placeholder = "@HELPERS_CP@"
    ctx.services = Services(workdir)
    ctx.sluice = Sluice(ctx.services, workdir)
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = loadavg()

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_signal)

    try:
        table = ensure_tables(conf["table_rows"])
        query = f"SELECT * FROM {table}"
        ctx.table = table
        cases = make_cases(ctx)
        by_id = {c.id: c for c in cases}
        wanted = MODE_CASES.get(mode, [c.id for c in cases])
        if args.only:
            wanted = [c for c in wanted if re.search(args.only, c)]
        chosen = [by_id[c] for c in wanted]
        needs = {n for c in chosen for n in c.needs}
        if "s3" in needs or "s3svc" in needs:
            ctx.services.start_s3proxy(ctx.helpers)
        if "http" in needs:
            ctx.services.start_discard(ctx.helpers)
        ctx.sluice.probe(sorted(needs & {"pg", "maria", "file", "s3", "http", "shards"}))

        skipped = {}
        runnable = []
        for c in chosen:
            why = case_available(ctx, c)
            if why:
                skipped[c.id] = why
                log(f"skipped {c.id}: {why}")
            else:
                runnable.append(c)
        # Warm the caches (and measure output sizes) before anything is timed.
        for c in runnable:
            if c.bytes_from.startswith("size:"):
                measure_size(ctx, c.bytes_from[5:], query)

        log(f"{mode}: {len(runnable)} cases x {reps} reps on {table} "
            f"({conf['table_rows']:,} rows); load average {load_before}")
        runs = run_all(ctx, runnable, query, conf["table_rows"], reps, "throughput")

        scale_runs = []
        scale_skipped = {}
        scale_table = table
        for n in conf["scale"]:
            sc = [by_id[c] for c in SCALE_CASES if not args.only or re.search(args.only, c)]
            sc = [c for c in sc if c.id not in skipped and case_available(ctx, c) is None]
            for c in SCALE_CASES:
                if c in skipped:
                    scale_skipped[c] = skipped[c]
            q = f"SELECT * FROM {scale_table} WHERE id <= {n}"
            for c in sc:
                if c.bytes_from.startswith("size:"):
                    measure_size(ctx, c.bytes_from[5:], q)
            scale_runs += run_all(ctx, sc, q, n, 1, f"memory {n:,} rows")

        balance = None
        if mode != "smoke" and (not args.only or re.search(args.only, "sluice-pg-shards-balance")):
            balance = shard_balance(ctx, conf["table_rows"])

        pipe = None if mode == "smoke" or args.no_pipe else pipe_results(mode, workdir, args.pipe_results)
        finished = datetime.datetime.now(datetime.timezone.utc)
        case_meta = {c.id: dict(label=c.label, group=c.group, who=c.who,
                                command=render_command(ctx, c, query)) for c in cases}
        results = dict(
            mode=mode, reps=reps, table=table, table_rows=conf["table_rows"], query=query,
            started=started.isoformat(timespec="seconds"),
            finished=finished.isoformat(timespec="seconds"),
            load_before=load_before, load_after=loadavg(), machine=machine(),
            argv=" ".join(["bench/compare"] + sys.argv[1:]),
            sluice_java_opts=ctx.sluice.java_opts(),
            cases=case_meta, groups=GROUPS, ratios=RATIOS, skipped=skipped,
            runs=runs, summary=summarise(runs, [c.id for c in runnable]),
            scale=[dict(rows=n, summary=summarise([r for r in scale_runs if r["rows"] == n],
                                                  SCALE_CASES)) for n in conf["scale"]],
            scale_skipped=scale_skipped, pipe=pipe, balance=balance,
        )
        stamp = started.strftime("%Y%m%dT%H%M%SZ")
        path = os.path.join(RESULTS, f"compare-{mode}-{stamp}.json")
        with open(path, "w") as f:
            json.dump(results, f, indent=1)
        log(f"results: {os.path.relpath(path, ROOT)}")

        import report
        print(report.text_table(results))
        if mode != "smoke" and not args.no_docs:
            report.render(results, ROOT)

        failed = [cid for cid, s in results["summary"].items()
                  if not s["ok"] and cid != "jdbc-loop-nofetch"]
        # Once the launcher exists, Sluice failing its probe is a broken build, not a part
        # that has yet to land: the smoke test (what CI runs) must fail on it.
        if mode == "smoke" and os.path.exists(ctx.sluice.launcher):
            failed += [cid for cid in skipped if cid.startswith("sluice-")]
        if failed:
            log(f"FAILED cases: {', '.join(failed)}")
            return 1
        if not results["summary"]:
            log("no case ran")
            return 1
        return 0
    finally:
        ctx.services.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def render_command(ctx, case, query):
    """The command line a reader can rerun, with the scratch paths and ports left symbolic."""
    try:
        stages, stdout_to, _ = case.build(query)
    except Exception:  # noqa: BLE001 - a case whose service is down still gets a line
        return ""
    cmd = " | ".join(stages) + f" > {stdout_to}"
    cmd = cmd.replace(
        ctx.helpers_cp_placeholder,
        "bench/compare.d/target/classes:$(cat bench/compare.d/target/classpath.txt)")
    cmd = cmd.replace(ctx.workdir, "$TMP")
    cmd = cmd.replace(ROOT + "/sluice ", "./sluice ").replace(ROOT + "/", "")
    if ctx.services.s3_endpoint:
        cmd = cmd.replace(ctx.services.s3_endpoint, "http://127.0.0.1:$S3PORT")
    if ctx.services.http_url:
        cmd = cmd.replace(ctx.services.http_url, "http://127.0.0.1:$HTTPPORT/ingest")
    return cmd


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    try:
        sys.exit(main())
    except KeyboardInterrupt as e:
        log(f"interrupted ({e})")
        sys.exit(130)
