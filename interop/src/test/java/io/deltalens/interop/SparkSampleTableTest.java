package io.deltalens.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark-written table the notebook "a table someone else wrote" opens (notebooks/data/spark-orders):
 * partitioned, with deletion vectors, an UPDATE, an OPTIMIZE and a checkpoint, as a Databricks user's table
 * has. Every version deltalens reads of it equals Spark's VERSION AS OF. With
 * {@code -Ddeltalens.sample.write=true} the test first writes it again (then commit the folder).
 */
class SparkSampleTableTest extends SparkTest {
  static final Path SAMPLE = Paths.get(System.getProperty("deltalens.home", ".."))
      .resolve("notebooks/data/spark-orders").toAbsolutePath().normalize();

  @Test
  void deltalensReadsEveryVersionOfTheShippedSparkTableAsSparkDoes() throws Exception {
    if (Boolean.getBoolean("deltalens.sample.write")) {
      write(SAMPLE);
    }
    assertTrue(Files.isDirectory(SAMPLE.resolve("_delta_log")), "the sample table is shipped: " + SAMPLE);
    long latest = spark.sql("DESCRIBE HISTORY delta.`" + SAMPLE + "`").count() - 1;
    assertTrue(latest >= 9, "versions: " + latest);
    for (long v = 0; v <= latest; v++) {
      List<String> expected = new ArrayList<>();
      for (Row row : spark.read().format("delta").option("versionAsOf", v).load(SAMPLE.toString())
          .selectExpr("order_id", "customer", "cast(amount as string)", "cast(day as string)").collectAsList()) {
        expected.add(row.get(0) + "|" + row.get(1) + "|" + number(row.getString(2)) + "|" + row.get(3));
      }
      expected.sort(null);
      List<String> actual = new ArrayList<>();
      for (String line : Deltalens.ok("read", SAMPLE.toString(), "--version", String.valueOf(v), "--format", "csv",
          "--columns", "order_id,customer,amount,day", "--limit", "1000000").lines().skip(1).toList()) {
        String[] f = line.split(",");
        actual.add(f[0] + "|" + f[1] + "|" + number(f[2]) + "|" + f[3]);
      }
      actual.sort(null);
      assertEquals(expected, actual, "version " + v);
    }
  }

  /** A decimal compared by value: frames hold decimal(10,2) as a double, so 0.00 prints as 0. */
  private static String number(String text) {
    return new java.math.BigDecimal(text).stripTrailingZeros().toPlainString();
  }

  /** The table's story: five days of orders, small ones deleted, a price fixed, compacted, one more day. */
  static void write(Path table) throws IOException {
    if (Files.exists(table)) {
      try (Stream<Path> files = Files.walk(table)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    String t = "delta.`" + table + "`";
    spark.sql("CREATE TABLE " + t + " (order_id BIGINT, customer STRING, amount DECIMAL(10,2), "
        + "placed_at TIMESTAMP, day DATE) USING delta PARTITIONED BY (day) TBLPROPERTIES ("
        + "'delta.enableDeletionVectors' = 'true', 'delta.checkpointInterval' = '5')");
    String[] customers = {"ada", "grace", "linus", "barbara", "ken", "margaret", "dennis", "frances"};
    for (int day = 1; day <= 5; day++) {
      insertDay(t, day, customers);
    }
    spark.sql("DELETE FROM " + t + " WHERE amount < 5");
    spark.sql("UPDATE " + t + " SET amount = amount * 1.1 WHERE customer = 'ada'");
    spark.sql("OPTIMIZE " + t);
    insertDay(t, 6, customers);
    insertDay(t, 7, customers);
    // Hadoop's local checksum files (.name.crc) beside every file are not part of the table
    try (Stream<Path> files = Files.walk(table)) {
      for (Path p : files.filter(f -> f.getFileName().toString().matches("\\..*\\.crc")).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void insertDay(String t, int day, String[] customers) {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      long id = day * 1000L + i;
      rows.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT,
          "(%d, '%s', %d.%02d, timestamp'2026-11-%02d %02d:%02d:00', date'2026-11-%02d')",
          id, customers[(int) (id * 7 % customers.length)], (id * 37) % 200, (id * 13) % 100,
          day, 8 + i % 10, i % 60, day));
    }
    spark.sql("INSERT INTO " + t + " VALUES " + rows);
  }
}
