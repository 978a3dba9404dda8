package io.deltalens.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deltalens compacts tables Spark wrote, with the features compaction must honour: partitions, column mapping
 * (renamed columns), deletion vectors (deleted rows stay deleted). Spark reads the same rows before and after,
 * at the old version too, records the commit as OPTIMIZE and goes on writing; the Python readers agree. A vacuum
 * after it deletes what Spark's would, deletion vectors included.
 */
class SparkReadsCompactedTest extends SparkTest {
  private static List<String> rows(String query) {
    return spark.sql(query).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private static long numFiles(Path table) {
    return spark.sql("DESCRIBE DETAIL delta.`" + table + "`").first().<Long>getAs("numFiles");
  }

  @Test
  void aSparkTableWithDeletionVectorsAndColumnMappingCompactsToTheSameRows() throws Exception {
    Path table = Files.createTempDirectory("deltalens-compact").resolve("events");
    spark.sql(String.format("CREATE TABLE delta.`%s` (id BIGINT, name STRING, day STRING) USING delta"
        + " PARTITIONED BY (day) TBLPROPERTIES ('delta.columnMapping.mode' = 'name',"
        + " 'delta.enableDeletionVectors' = 'true')", table));
    for (int i = 0; i < 12; i++) {
      spark.sql(String.format("INSERT INTO delta.`%s` VALUES (%d, 'a%d', 'd1'), (%d, 'b%d', 'd2'), (%d, 'c%d', 'd1')",
          table, i * 3, i, i * 3 + 1, i, i * 3 + 2, i));
    }
    spark.sql(String.format("DELETE FROM delta.`%s` WHERE id %% 5 = 0", table));
    spark.sql(String.format("ALTER TABLE delta.`%s` RENAME COLUMN name TO label", table));
    String all = "SELECT id, label, day FROM delta.`" + table + "`";
    List<String> before = rows(all);
    Deltalens.ok("verify", table.toString(), "--deep"); // Spark's statistics (and deletion vectors' files) agree
    long files = numFiles(table);
    long version = spark.sql("DESCRIBE HISTORY delta.`" + table + "`").collectAsList().get(0).getLong(0);

    String out = Deltalens.ok("compact", table.toString(), "--format", "json");

    assertTrue(out.contains("\"filesRemoved\":" + files + ",\"filesAdded\":2,"), out);
    assertTrue(out.contains("\"rows\":" + before.size() + "}"), out);
    assertEquals(before, rows(all), "Spark reads the same rows");
    assertEquals(before, rows("SELECT id, label, day FROM delta.`" + table + "` VERSION AS OF " + version));
    Row latest = spark.sql("DESCRIBE HISTORY delta.`" + table + "`").collectAsList().get(0);
    assertEquals("OPTIMIZE", latest.getString(latest.fieldIndex("operation")));
    Map<String, String> metrics = latest.getJavaMap(latest.fieldIndex("operationMetrics"));
    assertEquals(String.valueOf(files), metrics.get("numRemovedFiles"), metrics.toString());
    assertEquals(2, numFiles(table), "one file per partition, deleted rows gone with their deletion vectors");
    Deltalens.ok("verify", table.toString(), "--deep");
    spark.sql(String.format("INSERT INTO delta.`%s` VALUES (100, 'after', 'd2')", table));
    assertEquals(before.size() + 1, rows(all).size(), "Spark goes on writing");
    // the Python readers (deltalake) refuse column mapping with deletion vectors: they check the plain table below
  }

  @Test
  void aPlainPartitionedTableCompactsAndThePythonReadersAgree() throws Exception {
    Path table = Files.createTempDirectory("deltalens-compact").resolve("plain");
    spark.sql(String.format("CREATE TABLE delta.`%s` (id BIGINT, name STRING, day STRING) USING delta"
        + " PARTITIONED BY (day)", table));
    for (int i = 0; i < 8; i++) {
      spark.sql(String.format("INSERT INTO delta.`%s` VALUES (%d, 'a', 'd1'), (%d, 'b', 'd2')", table, 2 * i, 2 * i + 1));
    }
    String all = "SELECT id, name, day FROM delta.`" + table + "`";
    List<String> before = rows(all);

    Deltalens.ok("compact", table.toString());

    assertEquals(before, rows(all));
    assertEquals(2, numFiles(table));
    PythonReaders.agree(table, 9, "id", "name", "day");
  }

  @Test
  void aRowTrackingTableIsRefusedUntouched() throws Exception {
    Path table = Files.createTempDirectory("deltalens-compact").resolve("tracked");
    spark.sql(String.format("CREATE TABLE delta.`%s` (id BIGINT) USING delta"
        + " TBLPROPERTIES ('delta.enableRowTracking' = 'true')", table));
    spark.sql(String.format("INSERT INTO delta.`%s` VALUES (1)", table));
    spark.sql(String.format("INSERT INTO delta.`%s` VALUES (2)", table));
    Map<String, String> untouched = Deltalens.fingerprint(table);

    Deltalens.Run run = Deltalens.run("compact", table.toString());

    assertEquals(1, run.exit(), run.out());
    assertTrue(run.err().contains("rowTracking"), run.err());
    assertEquals(untouched, Deltalens.fingerprint(table));
  }
  @Test
  void vacuumDeletesTheDeletionVectorsOfCompactedFilesAndKeepsTheLiveOnes() throws Exception {
    Path table = Files.createTempDirectory("deltalens-vacuum").resolve("dvs");
    spark.sql(String.format("CREATE TABLE delta.`%s` (id BIGINT, day STRING) USING delta PARTITIONED BY (day)"
        + " TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')", table));
    for (int i = 0; i < 4; i++) { // a file of two rows in each partition
      spark.sql(String.format("INSERT INTO delta.`%s` VALUES (%d, 'd1'), (%d, 'd1'), (%d, 'd2'), (%d, 'd2')", table,
          4 * i, 4 * i + 1, 4 * i + 2, 4 * i + 3));
    }
    spark.sql(String.format("DELETE FROM delta.`%s` WHERE id = 0", table)); // a deletion vector in d1
    spark.sql(String.format("DELETE FROM delta.`%s` WHERE id = 2", table)); // and one in d2
    assertEquals(2, deletionVectors(table).size(), deletionVectors(table).toString());
    String all = "SELECT id, day FROM delta.`" + table + "`";
    List<String> before = rows(all);

    Deltalens.ok("compact", table.toString(), "--where", "day = 'd1'"); // d1's files, and its vector, are removed
    String out = Deltalens.ok("vacuum", table.toString(), "--retain", "0h", "--force");

    assertEquals(1, deletionVectors(table).size(), "d2's vector stays, d1's went: " + out);
    assertEquals(before, rows(all), "Spark reads the same rows: d2's deleted row stays deleted");
    spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    assertEquals(List.of(), rows("VACUUM delta.`" + table + "` RETAIN 0 HOURS DRY RUN"),
        "Spark's vacuum finds nothing left to delete");
    Deltalens.ok("verify", table.toString(), "--deep");
  }

  private static List<Path> deletionVectors(Path table) throws java.io.IOException {
    try (var files = Files.list(table)) {
      return files.filter(f -> f.getFileName().toString().startsWith("deletion_vector_")).toList();
    }
  }
  @Test
  void compactionsBesideARunningAppendLoopLoseAndDoubleNoRow() throws Exception {
    Path work = Files.createTempDirectory("deltalens-busy");
    Path table = work.resolve("busy");
    int appends = 16;
    for (int i = 0; i < appends; i++) { // files Spark wrote, 100 rows each, for the loop to append
      spark.sql(String.format("SELECT id, concat('n', id) AS name FROM range(%d, %d)", i * 100, (i + 1) * 100))
          .coalesce(1).write().parquet(work.resolve("in/" + i).toString());
    }
    Deltalens.ok("append", table.toString(), work.resolve("in/0").toString(), "--create-if-absent");
    Process loop = new ProcessBuilder("bash", "-c", "for i in $(seq 1 " + (appends - 1) + "); do \"$0\" append \"$1\""
        + " \"$2/in/$i\" > /dev/null || exit 1; done", Deltalens.HOME.resolve("bin/deltalens").toString(),
        table.toString(), work.toString()).redirectErrorStream(true).start();
    int compactions = 0;
    while (loop.isAlive()) { // compacting whatever the loop appended so far, again and again
      String out = Deltalens.ok("compact", table.toString(), "--format", "json");
      compactions += out.contains("\"version\":null") ? 0 : 1;
      Thread.sleep(300);
    }
    assertEquals(0, loop.waitFor(), new String(loop.getInputStream().readAllBytes()));
    Deltalens.ok("compact", table.toString());

    assertTrue(compactions >= 2, compactions + " compactions ran while the loop appended");
    String all = "SELECT id FROM delta.`" + table + "`";
    assertEquals(appends * 100L, spark.sql(all).count(), "Spark: every row");
    assertEquals(appends * 100L, spark.sql(all).distinct().count(), "Spark: no row twice");
    long version = spark.sql("DESCRIBE HISTORY delta.`" + table + "`").collectAsList().get(0).getLong(0);
    PythonReaders.agree(table, version, "id", "name");
    Deltalens.ok("verify", table.toString(), "--deep");
  }
}
