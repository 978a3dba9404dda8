package io.deltalens.interop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tables on a bucket of a real S3-compatible server (versitygw, by bin/versitygw): what deltalens writes there
 * reads the same in Spark + Delta (through S3A), the Python deltalake reader and polars, at every version; what
 * Spark writes there reads the same in deltalens.
 */
class BucketReadersTest extends SparkTest {
  static final String KEY = "interop-key";
  static final String SECRET = "interop-secret";
  @TempDir static Path dir;
  static String endpoint;
  static ProcessHandle server;

  @BeforeAll
  static void startServerAndPointSparkAtIt() throws Exception {
    ProcessBuilder start = new ProcessBuilder(Deltalens.HOME.resolve("bin/versitygw").toString(), "start",
        dir.resolve("s3").toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
    start.environment().putAll(Map.of("ROOT_ACCESS_KEY", KEY, "ROOT_SECRET_KEY", SECRET));
    Process p = start.start();
    String[] started = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
    assertEquals(0, p.waitFor(), "bin/versitygw start");
    endpoint = started[0];
    server = ProcessHandle.of(Long.parseLong(started[1])).orElseThrow();
    Files.createDirectories(dir.resolve("s3/data/tables")); // a folder of the server's root is a bucket
    var hadoop = spark.sparkContext().hadoopConfiguration();
    hadoop.set("fs.s3a.endpoint", endpoint);
    hadoop.set("fs.s3a.path.style.access", "true");
    hadoop.set("fs.s3a.endpoint.region", "us-east-1");
    hadoop.set("fs.s3a.access.key", KEY);
    hadoop.set("fs.s3a.secret.key", SECRET);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.destroy();
    }
  }

  @Test
  void sparkDeltalakeAndPolarsReadEveryVersionDeltalensWroteToABucket() throws Exception {
    Deltalens.ok("tour", dir.resolve("tour").toString()); // sample feeds
    Path feeds = dir.resolve("tour/feeds");
    String table = "s3://tables/sales";
    List<String> storage = List.of("--storage", "AWS_ENDPOINT_URL=" + endpoint, "--storage",
        "AWS_ACCESS_KEY_ID=" + KEY, "--storage", "AWS_SECRET_ACCESS_KEY=" + SECRET);
    append(storage, table, feeds.resolve("feed_1.parquet").toString(), "--create-if-absent");
    append(storage, table, feeds.resolve("feed_2.parquet").toString(), feeds.resolve("feed_3.parquet").toString());
    List<String> checkpoint = new ArrayList<>(List.of("checkpoint", table));
    checkpoint.addAll(storage);
    Deltalens.ok(checkpoint.toArray(String[]::new));
    append(storage, table, feeds.resolve("feed_4.parquet").toString());
    Map<String, String> environment = Map.of("AWS_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID", KEY,
        "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_REGION", "us-east-1", "AWS_ALLOW_HTTP", "true");
    for (long v = 0; v <= 2; v++) { // feed 1 (the append that created the table), 2 and 3, 4
      List<String> rows = PythonReaders.agree(table, environment, storage, v, "id", "name", "amount");
      assertEquals(rows, sparkRows(table.replace("s3://", "s3a://"), v, "id", "name", "amount"),
          "Spark at version " + v);
    }
  }

  @Test
  void deltalensReadsEveryVersionSparkWroteToABucket() throws Exception {
    String table = "s3a://tables/by-spark";
    spark.range(0, 5).selectExpr("id", "cast(id * 10 as string) as name").write().format("delta").save(table);
    spark.range(5, 8).selectExpr("id", "cast(id * 10 as string) as name").write().format("delta")
        .mode("append").save(table);
    List<String> storage = List.of("--storage", "AWS_ENDPOINT_URL=" + endpoint, "--storage",
        "AWS_ACCESS_KEY_ID=" + KEY, "--storage", "AWS_SECRET_ACCESS_KEY=" + SECRET);
    for (long v = 0; v <= 1; v++) {
      assertEquals(sparkRows(table, v, "id", "name"), Deltalens.rows(table, storage, v, "id", "name"),
          "version " + v);
    }
  }

  /** A version as Spark reads it: the columns joined by '|', rows sorted (as Deltalens.rows gives them). */
  private static List<String> sparkRows(String table, long version, String... columns) {
    List<String> rows = new ArrayList<>();
    for (org.apache.spark.sql.Row row : spark.read().format("delta").option("versionAsOf", version).load(table)
        .selectExpr(columns).collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < columns.length; i++) {
        cells.add(row.isNullAt(i) ? "null" : String.valueOf(row.get(i)));
      }
      rows.add(String.join("|", cells));
    }
    rows.sort(null);
    return rows;
  }

  private static void append(List<String> storage, String table, String... files) {
    List<String> args = new ArrayList<>(List.of("append", table));
    args.addAll(List.of(files));
    args.addAll(storage);
    Deltalens.ok(args.toArray(String[]::new));
  }
}
