// deltalens side of the benchmarks; run by bench/run with deltalens' class path:
//   java -cp target/deltalens.jar:target/lib/* bench/DeltalensBench.java <workload> <data-dir> <runs>
// Prints one JSON line: workload, tool, times of the measured runs (after one warm-up), peak memory.
import io.deltalens.DeltaLens;
import io.deltalens.table.DeltaTable;
import io.deltalens.tour.SampleFeeds;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import tech.tablesaw.api.Table;

public class DeltalensBench {
  public static void main(String[] args) throws Exception {
    String workload = args[0];
    Path data = Paths.get(args[1]).toAbsolutePath();
    int runs = Integer.parseInt(args[2]);
    String note = "";
    List<Long> times;
    switch (workload) {
      case "P1" -> {
        Path table = data.resolve("p1");
        Path first = Files.list(table).filter(f -> f.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
        times = Timing.measure("deltalens", runs, () -> {
          Timing.deleteTree(table.resolve("_delta_log"));
          return DeltaLens.create(table).schemaFromParquet(first).commit()
              .newAppend().appendFile(table).register().commit().filesAdded();
        }, () -> {});
        note = "register " + Files.list(table).filter(f -> f.toString().endsWith(".parquet")).count()
            + " files, one commit, full statistics from footers";
      }
      case "P2" -> {
        Path source = data.resolve("p3-source/data.parquet");
        Path table = data.resolve("p2-deltalens");
        times = Timing.measure("deltalens", runs, () -> {
          return DeltaLens.create(table).schemaFromParquet(source).commit()
              .newAppend().appendFile(source).commit().rowsAdded();
        }, () -> Timing.deleteTree(table));
        Timing.deleteTree(data.resolve("p3"));
        Files.move(table, data.resolve("p3")); // the last copy is the table P3 reads
        note = "copy-append of " + (long) DeltaLens.open(data.resolve("p3")).history().longColumn("rowsAdded").sum() + " rows";
      }
      case "P3" -> {
        DeltaTable table = DeltaLens.open(data.resolve("p3"));
        long[] frameBytes = {0};
        resetPeaks();
        times = Timing.measure("deltalens", runs, () -> {
          Table frame = table.toTable();
          frameBytes[0] = frameBytes(frame);
          return frame.rowCount();
        }, () -> {});
        note = "peak heap " + heapPeakMb() + " MB; frame ~" + frameBytes[0] / (1 << 20) + " MB";
      }
      case "P6" -> {
        Path table = data.resolve("p6");
        if (!DeltaLens.exists(table.toString())) {
          DeltaTable t = DeltaLens.create(table).schema("id long, name string, amount long").commit();
          Path feeds = data.resolve("p6-feeds");
          for (int v = 1; v <= 1000; v++) {
            t.newAppend().appendFile(SampleFeeds.write(feeds, v)).commit();
          }
        }
        DeltaTable t = DeltaLens.open(table);
        times = Timing.measure("deltalens", runs, () -> t.read().version(1).toTable().rowCount(), () -> {});
        note = "version 1 of " + t.version() + " versions";
      }
      case "P2plain" -> {
        Path source = data.resolve("p3-source/data.parquet");
        Path out = data.resolve("p2-plain.parquet");
        long[] rows = {0};
        times = Timing.measure("parquet-hadoop", runs, () -> rows[0] = plainRewrite(source, out),
            () -> Files.deleteIfExists(out));
        System.out.println(Timing.json("P2", "parquet-hadoop", times,
            "plain parquet-hadoop read + rewrite of the same " + rows[0] + " rows (example Group API, snappy)"));
        return;
      }
      case "P4" -> {
        Path table = data.resolve("p4");
        int commits = 1000;
        int perCommit = Integer.parseInt(args[3]);
        if (!DeltaLens.exists(table.toString())) {
          P4Log.generate(table, commits, perCommit);
        }
        long version = 550;
        long[] files = {0};
        times = Timing.measure("deltalens", runs, () -> files[0] = DeltaLens.open(table).files(version).rowCount(),
            () -> {});
        note = "open version " + version + " (checkpoint 500 + 50 commits) of " + commits + " commits / "
            + commits * perCommit + " files and list its " + files[0] + " files with per-column statistics";
      }
      default -> throw new IllegalArgumentException("workload " + workload);
    }
    System.out.println(Timing.json(workload, "deltalens", times, note));
  }





  /** The plain way to rewrite parquet with parquet-hadoop: every row through its example Group API. */
  static long plainRewrite(Path source, Path out) throws Exception {
    var input = new org.apache.parquet.io.LocalInputFile(source);
    org.apache.parquet.schema.MessageType schema;
    try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(input)) {
      schema = reader.getFooter().getFileMetaData().getSchema();
    }
    long rows = 0;
    try (var reader = new org.apache.parquet.hadoop.ParquetReader.Builder<org.apache.parquet.example.data.Group>(input) {
          @Override
          protected org.apache.parquet.hadoop.api.ReadSupport<org.apache.parquet.example.data.Group> getReadSupport() {
            return new org.apache.parquet.hadoop.example.GroupReadSupport();
          }
        }.build();
        var writer = org.apache.parquet.hadoop.example.ExampleParquetWriter
            .builder(new org.apache.parquet.io.LocalOutputFile(out)).withType(schema)
            .withCompressionCodec(org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY).build()) {
      for (var row = reader.read(); row != null; row = reader.read()) {
        writer.write(row);
        rows++;
      }
    }
    return rows;
  }

  static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  static long heapPeakMb() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1 << 20);
  }

  /** What the columns hold: fixed-width values at their width, strings at their UTF-16 length. */
  static long frameBytes(Table frame) {
    long bytes = 0;
    for (var column : frame.columns()) {
      if (column instanceof tech.tablesaw.api.StringColumn s) {
        for (int r = 0; r < s.size(); r++) {
          bytes += 4 + 2L * s.get(r).length();
        }
      } else {
        bytes += (long) column.size() * column.type().byteSize();
      }
    }
    return bytes;
  }

}
