package io.deltalens.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Landing ingest end to end: 1,000 files that Spark wrote (250 tasks x 4 partitions) land, one after another, under a table while a
 * {@code deltalens watch} process runs; every one is registered exactly once, and Spark + Delta and the
 * Python readers read the table's rows.
 */
class SparkReadsLandedTest extends SparkTest {
  @TempDir Path dir;

  @Test
  void aThousandFilesLandingWhileTheWatcherRunsAreRegisteredOnceEach() throws Exception {
    Path staging = dir.resolve("staging");
    spark.sql("select id, concat('user-', cast(id % 97 as string)) as name, cast(id % 4 as int) as region"
        + " from range(0, 20000)").repartition(250).write().partitionBy("region").parquet(staging.toString());
    List<Path> files;
    try (Stream<Path> all = Files.walk(staging)) {
      files = all.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
    }
    assertTrue(files.size() >= 1000, "Spark wrote " + files.size() + " files");
    Path table = dir.resolve("landed");
    Files.createDirectories(table);
    Process watcher = new ProcessBuilder(Deltalens.HOME.resolve("bin/deltalens").toString(), "watch",
        table.toString(), "--interval", "200ms", "--settle", "0s", "--create-if-absent",
        "--partition-types", "region int")
        .redirectErrorStream(true).redirectOutput(dir.resolve("watch.log").toFile()).start();
    try {
      for (Path file : files) { // a rename: a file appears whole, as an upload finishing would
        Path target = table.resolve(staging.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (registered(table) < files.size() && System.nanoTime() < until) {
        Thread.sleep(500);
      }
    } finally {
      watcher.destroy();
      watcher.waitFor(20, TimeUnit.SECONDS);
    }
    assertEquals(files.size(), registered(table), () -> "watcher said: " + log());

    Dataset<Row> rows = spark.read().format("delta").load(table.toString());
    assertEquals(files.size(), rows.inputFiles().length, "Spark sees every file once");
    assertEquals(20000, rows.count());
    assertEquals(20000, rows.select("id").distinct().count());
    assertEquals(5000, rows.where("region = 2").count());
    long version = spark.sql("describe history delta.`" + table + "`").selectExpr("max(version)").first().getLong(0);
    PythonReaders.agree(table, version, "id", "name", "region");
  }

  /** Add actions in the table's commits so far (cheap to poll; Spark counts the files at the end). */
  private static long registered(Path table) throws java.io.IOException {
    Path log = table.resolve("_delta_log");
    if (!Files.exists(log)) {
      return 0;
    }
    long adds = 0;
    try (Stream<Path> commits = Files.list(log)) {
      for (Path commit : commits.filter(f -> f.toString().endsWith(".json")).toList()) {
        adds += Files.readAllLines(commit).stream().filter(line -> line.startsWith("{\"add\"")).count();
      }
    }
    return adds;
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("watch.log"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
