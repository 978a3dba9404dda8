package io.deltalens.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spark + Delta, the reference, reads exactly what deltalens writes, and agrees with its statistics. */
class SparkReadsDeltalensTest extends SparkTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;


  static final String ALL_TYPES = """
      select * from values
        (cast(-128 as tinyint), cast(32000 as smallint), 123456, 9000000000L, cast(1.5 as float), -2.25d,
         true, 'zebra', X'0102FF', date'2024-02-29', timestamp'2024-03-01 10:15:30.123456',
         timestamp_ntz'2024-03-01 10:15:30.123456', cast(123.45 as decimal(5,2)),
         cast(123456789012.3456 as decimal(18,4)), cast('123456789012345678.901234' as decimal(30,6)),
         named_struct('x', 1.0d, 'y', 2.0d), array('a', 'b'), map('k', 7)),
        (cast(127 as tinyint), cast(-5 as smallint), -1, -7L, cast(-0.5 as float), 1e300d,
         false, 'apple', X'', date'1900-01-01', timestamp'1969-12-31 23:59:59.000001',
         timestamp_ntz'1969-12-31 23:59:59.000001', cast(-999.99 as decimal(5,2)),
         cast(-0.0001 as decimal(18,4)), cast(-0.000005 as decimal(30,6)),
         named_struct('x', 3.0d, 'y', cast(null as double)), array(cast(null as string)), map('z', cast(null as int))),
        (null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)
      as t(b, s, i, l, f, d, bool, str, bin, day, ts, ntz, dec5, dec18, dec30, point, tags, attrs)""";

  /** A parquet folder written by Spark (a writer other than deltalens' own), one file. */
  Path sparkParquet(String name, String sql) {
    Path out = dir.resolve(name);
    spark.sql(sql).coalesce(1).write().parquet(out.toString());
    return out;
  }

  static Path onlyParquet(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }

  static Dataset<Row> delta(Path table) {
    return spark.read().format("delta").load(table.toString());
  }

  static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    expected = comparable(expected);
    actual = comparable(actual);
    assertEquals(expected.count(), actual.count(), "row count");
    assertEquals(0, expected.exceptAll(actual).count(), "rows missing from the table");
    assertEquals(0, actual.exceptAll(expected).count(), "rows the table should not hold");
  }

  @Test
  void everyTypeAndNullCopyAndRegisterReadBackExactly() throws Exception {
    Path source = sparkParquet("src", ALL_TYPES);
    Path table = dir.resolve("all types");
    Deltalens.ok("create", table.toString(), "--from-parquet", onlyParquet(source).toString());
    Deltalens.ok("append", table.toString(), source.toString());
    Dataset<Row> expected = spark.read().parquet(source.toString());
    assertSameRows(expected, delta(table).select(expected.columns()[0], stream(expected.columns())));

    Files.createDirectories(table.resolve("landing"));
    Files.copy(onlyParquet(source), table.resolve("landing/spark.parquet"));
    Deltalens.ok("append", table.toString(), table.resolve("landing").toString(), "--mode", "register");
    assertSameRows(expected.union(expected), delta(table));
    statisticsAgreeWithTheData(table);
    PythonReaders.agree(table, 2, "i", "l", "str", "day");
  }

  /** Spark cannot EXCEPT over maps: compare them as JSON text. */
  static Dataset<Row> comparable(Dataset<Row> rows) {
    for (var field : rows.schema().fields()) {
      if (field.dataType() instanceof org.apache.spark.sql.types.MapType) {
        rows = rows.withColumn(field.name(), functions.to_json(functions.col(field.name())));
      }
    }
    return rows;
  }

  private static String[] stream(String[] columns) {
    return java.util.Arrays.copyOfRange(columns, 1, columns.length);
  }

  /** For every add in the log, Spark's own min/max/null counts over that file's rows equal its stats. */
  static void statisticsAgreeWithTheData(Path table) throws Exception {
    int checked = 0;
    for (Path commit : commits(table)) {
      for (String line : Files.readAllLines(commit)) {
        JsonNode action = JSON.readTree(line);
        if (!action.has("add")) {
          continue;
        }
        JsonNode add = action.get("add");
        JsonNode stats = JSON.readTree(add.get("stats").asText());
        String file = table.resolve(java.net.URLDecoder.decode(add.get("path").asText(), "UTF-8")).toString();
        Dataset<Row> rows = spark.read().parquet(file);
        assertEquals(rows.count(), stats.get("numRecords").asLong(), "numRecords of " + file);
        Iterator<Map.Entry<String, JsonNode>> nulls = stats.get("nullCount").fields();
        while (nulls.hasNext()) {
          Map.Entry<String, JsonNode> n = nulls.next();
          if (n.getValue().isObject()) {
            continue; // nested struct fields: checked through their parent's values below
          }
          long actual = rows.where(functions.col("`" + n.getKey() + "`").isNull()).count();
          assertEquals(actual, n.getValue().asLong(), "nullCount." + n.getKey() + " of " + file);
          checked++;
        }
        checkBound(rows, stats.get("minValues"), true, file);
        checkBound(rows, stats.get("maxValues"), false, file);
      }
    }
    assertTrue(checked > 0, "no statistics were checked");
  }

  private static void checkBound(Dataset<Row> rows, JsonNode bounds, boolean isMin, String file) {
    Iterator<Map.Entry<String, JsonNode>> fields = bounds.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> bound = fields.next();
      if (bound.getValue().isObject()) {
        continue;
      }
      Column c = functions.col("`" + bound.getKey() + "`");
      Row agg = rows.agg(isMin ? functions.min(c).cast("string") : functions.max(c).cast("string")).first();
      // Spark's own comparison decides: no row lies beyond the bound, and the bound is tight
      // (timestamps: within the millisecond the protocol keeps; strings: the 32-character prefix)
      Column literal = functions.lit(bound.getValue().asText()).cast(rows.schema().apply(bound.getKey()).dataType());
      long beyond = rows.where(isMin ? c.lt(literal) : c.gt(literal)).count();
      assertEquals(0, beyond, (isMin ? "min." : "max.") + bound.getKey() + "=" + bound.getValue()
          + " of " + file + " but the data says " + agg.get(0));
    }
  }

  static List<Path> commits(Path table) throws Exception {
    try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
      return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList();
    }
  }

  @Test
  void everyVersionByNumberAndTimeAndTheHistory() throws Exception {
    Path table = dir.resolve("versions");
    for (int v = 0; v <= 4; v++) { // the first append creates the table holding its feed: version 0
      Path feed = sparkParquet("feed" + v, "select id, concat('n', id) as name from range(" + (v * 10) + ", "
          + (v * 10 + 3) + ")");
      Deltalens.ok("append", table.toString(), onlyParquet(feed).toString(), "--create-if-absent");
    }
    // commits one minute apart, within the last hour (Spark refuses time travel past the retention)
    Instant base = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    for (int v = 0; v <= 4; v++) {
      Files.setLastModifiedTime(table.resolve(String.format("_delta_log/%020d.json", v)),
          FileTime.from(base.plusSeconds(60L * v)));
    }
    for (int v = 0; v <= 4; v++) {
      long rows = 3L * (v + 1);
      Dataset<Row> atVersion = spark.read().format("delta").option("versionAsOf", v).load(table.toString());
      assertEquals(rows, atVersion.count(), "VERSION AS OF " + v);
      // between commits v and v+1; the latest commit only at its exact instant (Spark refuses later ones)
      String at = base.plusSeconds(60L * v + (v < 4 ? 30 : 0)).toString();
      Dataset<Row> atTime = spark.read().format("delta").option("timestampAsOf", at).load(table.toString());
      assertEquals(rows, atTime.count(), "TIMESTAMP AS OF " + at);
      String ours = Deltalens.ok("read", table.toString(), "--timestamp", at, "--format", "json");
      assertEquals(rows, ours.lines().count(), "deltalens read --timestamp " + at);
    }
    assertEquals(5, spark.sql("DESCRIBE HISTORY delta.`" + table + "`").count());
    for (int v = 0; v <= 4; v++) {
      PythonReaders.agree(table, v, "id", "name");
    }
    statisticsAgreeWithTheData(table);
  }

  @Test
  void partitionsSchemaEvolutionTxnAndCheckpointAsSparkSeesThem() throws Exception {
    Path table = dir.resolve("parted");
    Deltalens.ok("create", table.toString(), "--schema", "id long, name string, day date", "--partition-by", "day");
    Path first = sparkParquet("p1", "select id, concat('n', id) as name, date_add(date'2024-01-01', cast(id % 3 as int)) as day from range(0, 30)");
    Deltalens.ok("append", table.toString(), first.toString(), "--txn", "loader:1");
    Deltalens.ok("append", table.toString(), first.toString(), "--txn", "loader:1"); // no-op
    Path wider = sparkParquet("p2", "select id, concat('n', id) as name, date'2024-01-02' as day, id * 1.5d as score from range(100, 110)");
    Deltalens.ok("append", table.toString(), wider.toString(), "--merge-schema");
    Deltalens.ok("checkpoint", table.toString());

    Dataset<Row> rows = delta(table);
    assertEquals(40, rows.count());
    assertEquals(List.of("id", "name", "day", "score"), List.of(rows.columns()));
    assertEquals(20, rows.where("day = date'2024-01-02'").count());
    assertEquals(10, rows.where("score is not null").count());
    assertEquals(3, spark.sql("DESCRIBE HISTORY delta.`" + table + "`").count());
    assertTrue(Files.exists(table.resolve("_delta_log/00000000000000000002.checkpoint.parquet")));
    for (int v = 1; v <= 2; v++) {
      PythonReaders.agree(table, v, "id", "name", "day");
    }
    statisticsAgreeWithTheData(table);
  }
}
