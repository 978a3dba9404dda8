// Spark + Delta side of the benchmarks (local mode, 2 cores); run by bench/run with Spark's class path:
//   java <add-opens> -cp <spark> bench/SparkBench.java <workload> <data-dir> <runs>
// Prints one JSON line like DeltalensBench. P5 and P1c are one cold run each (bench/run times the process):
// session start + first rows printed; session start + CONVERT TO DELTA.
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.sql.SparkSession;

public class SparkBench {
  public static void main(String[] args) throws Exception {
    String workload = args[0];
    Path data = Paths.get(args[1]).toAbsolutePath();
    int runs = Integer.parseInt(args[2]);
    SparkSession spark = SparkSession.builder().master("local[2]").appName("bench")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.memory", "8g")
        .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    String note = "";
    List<Long> times;
    switch (workload) {
      case "P1" -> {
        Path table = data.resolve("p1");
        times = Timing.measure("spark", runs, () -> {
          spark.sql("CONVERT TO DELTA parquet.`" + table + "`");
          return spark.read().format("delta").load(table.toString()).inputFiles().length;
        }, () -> Timing.deleteTree(table.resolve("_delta_log")));
        note = "CONVERT TO DELTA (collects statistics by scanning the data)";
      }
      case "P11" -> { // OPTIMIZE (bin-packing) of a copy of P11's base, into files of 128 MiB as deltalens'
        Path copy = data.resolve("p11-spark");
        spark.conf().set("spark.databricks.delta.optimize.maxFileSize", String.valueOf(128L << 20));
        times = Timing.measure("spark", runs, () -> spark.sql("OPTIMIZE delta.`" + copy + "`")
            .select("metrics.numFilesAdded", "metrics.numFilesRemoved").first().toString(), () -> {
              org.apache.spark.sql.delta.DeltaLog.clearCache(); // the copy is a new table at the same path
              Timing.linkCopy(data.resolve("p11-base"), copy);
            });
        note = "OPTIMIZE delta.`...` (spark.databricks.delta.optimize.maxFileSize 128 MiB); "
            + spark.read().format("delta").load(copy.toString()).count() + " rows read back";
      }
      case "P2" -> {
        Path table = data.resolve("p2-spark");
        times = Timing.measure("spark", runs, () -> {
          spark.read().parquet(data.resolve("p3-source").toString()).write().format("delta").mode("append")
              .save(table.toString());
          return 0;
        }, () -> Timing.deleteTree(table));
        note = "spark.read.parquet(...).write.format(delta).mode(append)";
      }
      case "P3" -> {
        times = Timing.measure("spark", runs, () -> spark.read().format("delta").load(data.resolve("p3").toString())
            .collectAsList().size(), () -> {});
        note = "collectAsList() of the latest version";
      }
      case "P3b" -> {
        times = Timing.measure("spark", runs, () -> spark.read().format("delta").load(data.resolve("p3b").toString())
            .collectAsList().size(), () -> {});
        note = "collectAsList() of the latest version";
      }
      case "P6" -> {
        times = Timing.measure("spark", runs, () -> spark.read().format("delta").option("versionAsOf", 1)
            .load(data.resolve("p6").toString()).collectAsList().size(), () -> {});
        note = "versionAsOf 1, collectAsList()";
      }
      case "P4" -> {
        String table = data.resolve("p4").toString();
        times = Timing.measure("spark", runs, () -> spark.read().format("delta").option("versionAsOf", 550)
            .load(table).inputFiles().length, org.apache.spark.sql.delta.DeltaLog::clearCache);
        note = "versionAsOf 550: inputFiles() (DeltaLog cache cleared before each run)";
      }
      case "P7" -> { // the P7 topic (bench/run's broker) through Structured Streaming into Delta, AvailableNow
        Path table = data.resolve("p7-spark");
        Timing.deleteTree(table);
        Timing.deleteTree(data.resolve("p7-spark-checkpoint"));
        long started = System.nanoTime();
        spark.readStream().format("kafka").option("kafka.bootstrap.servers", System.getenv("P7_BOOTSTRAP"))
            .option("subscribe", System.getenv("P7_TOPIC")).option("startingOffsets", "earliest").load()
            .select(org.apache.spark.sql.functions.from_json(org.apache.spark.sql.functions.col("value").cast("string"),
                org.apache.spark.sql.types.StructType.fromDDL("id long, user string, city string, ts timestamp,"
                    + " amount double, qty int, ok boolean, device struct<os: string, version: int>")).as("m"))
            .select("m.*").writeStream().format("delta")
            .option("checkpointLocation", data.resolve("p7-spark-checkpoint").toString())
            .trigger(org.apache.spark.sql.streaming.Trigger.AvailableNow()).start(table.toString()).awaitTermination();
        long ms = (System.nanoTime() - started) / 1_000_000;
        long rows = spark.read().format("delta").load(table.toString()).count();
        long messages = Long.parseLong(System.getenv("P7_MESSAGES"));
        if (rows != messages) {
          throw new IllegalStateException("Spark ingested " + rows + " of " + messages);
        }
        times = List.of(ms);
        note = String.format("Structured Streaming, Kafka source, from_json, Delta sink, Trigger.AvailableNow,"
            + " local[2]: %,.0f messages/s; one run, no warm-up", messages * 1000.0 / ms);
      }
      case "P1c" -> { // one cold run as a whole process: bench/run times it
        spark.sql("CONVERT TO DELTA parquet.`" + data.resolve("p1c") + "`");
        spark.stop();
        return;
      }
      case "P5" -> {
        spark.read().format("delta").load(data.resolve("p5").toString()).show(10);
        spark.stop();
        return;
      }
      default -> throw new IllegalArgumentException(workload);
    }
    System.out.println(Timing.json(workload, "spark", times, note));
    spark.stop();
  }
}
