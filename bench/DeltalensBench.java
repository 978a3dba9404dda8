// deltalens side of the benchmarks; run by bench/run with deltalens' class path:
//   java -cp target/deltalens.jar:target/lib/* bench/DeltalensBench.java <workload> <data-dir> <runs>
// Prints one JSON line: workload, tool, times of the measured runs (after one warm-up), peak memory.
import io.deltalens.CompactResult;
import io.deltalens.DeltaLens;
import io.deltalens.DeltaTable;
import io.deltalens.Landing;
import io.deltalens.tour.SampleFeeds;
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
      case "P7produce" -> { // the P7 messages, into a 4-partition topic of the broker bench/run started
        P7.produce(System.getenv("P7_BOOTSTRAP"), System.getenv("P7_TOPIC"), Long.parseLong(System.getenv("P7_MESSAGES")));
        return;
      }
      case "P7", "P7w2", "P7w4" -> {
        int workers = workload.equals("P7") ? 1 : Integer.parseInt(workload.substring(3));
        long messages = Long.parseLong(System.getenv("P7_MESSAGES"));
        long started = System.nanoTime();
        long rows = P7.ingest(System.getenv("P7_BOOTSTRAP"), System.getenv("P7_TOPIC"), data.resolve("p7-" + workload),
            workers);
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (rows != messages) {
          throw new IllegalStateException("ingested " + rows + " rows of " + messages + " messages");
        }
        times = List.of(ms);
        note = String.format("%,d JSON messages (8 fields, a nested object) from 4 partitions to all committed, %d"
            + " worker%s in one group (threads of one JVM, a heap of %,d MB): %,.0f messages/s; one run, no warm-up",
            messages, workers, workers == 1 ? "" : "s", Runtime.getRuntime().maxMemory() >> 20, messages * 1000.0 / ms);
      }
      case "P1" -> {
        Path table = data.resolve("p1");
        times = Timing.measure("deltalens", runs, () -> {
          Timing.deleteTree(table.resolve("_delta_log"));
          return DeltaLens.append(table).appendFile(table).register().createIfAbsent().commit().filesAdded();
        }, () -> {});
        note = "register " + Files.list(table).filter(f -> f.toString().endsWith(".parquet")).count()
            + " files creating the table, one commit (version 0), full statistics from footers";
      }
      case "P11setup" -> { // the P1 files hard-linked into a table of their own, registered: P11's base
        Path base = data.resolve("p11-base");
        Timing.deleteTree(base);
        Files.createDirectories(base);
        List<Path> files;
        try (var list = Files.list(data.resolve("p1"))) {
          files = list.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
        }
        for (Path f : files) {
          Files.createLink(base.resolve(f.getFileName()), f);
        }
        DeltaLens.create(base).schemaFromParquet(files.get(0)).commit().newAppend().appendFile(base).register().commit();
        return;
      }
      case "P11" -> {
        Path copy = data.resolve("p11-deltalens");
        CompactResult[] last = {null};
        times = Timing.measure("deltalens", runs, () -> last[0] = DeltaLens.open(copy).compact().commit(),
            () -> Timing.linkCopy(data.resolve("p11-base"), copy));
        note = "compact (bin-pack into 128 MiB files, one OPTIMIZE commit): " + last[0] + "; "
            + DeltaLens.open(copy).toTable().rowCount() + " rows read back";
      }
      case "P8" -> {
        // the P1 files as objects in a bucket of the local S3 server bench/run started (its folder: data/s3/data/bench)
        Path objects = data.resolve("s3/data/bench/p8");
        String first = Files.list(objects).map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".parquet"))
            .sorted().findFirst().orElseThrow();
        String table = "s3://bench/p8";
        times = Timing.measure("deltalens", runs, () -> {
          Timing.deleteTree(objects.resolve("_delta_log"));
          return DeltaLens.create(table).schemaFromParquet(table + "/" + first).commit()
              .newAppend().appendFile(table).register().commit().filesAdded();
        }, () -> {});
        note = "register " + DeltaLens.open(table).files().rowCount() + " objects of " + table
            + ", one commit, full statistics from footers (ranged reads of their tails)";
      }
      case "P9" -> {
        DeltaTable table = DeltaLens.open("s3://bench/p9");
        times = Timing.measure("deltalens", runs, () -> table.toTable().rowCount(), () -> {});
        note = "read the latest " + (long) table.files().longColumn("numRecords").sum()
            + " rows of s3://bench/p9 into a frame; the JVM's first read " + Timing.firstRunMs + " ms";
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
        note = "copy-append of " + (long) DeltaLens.open(data.resolve("p3")).history().longColumn("rowsAdded").sum()
            + " rows; " + capped(data, 1024);
      }
      case "P2once" -> { // one copy-append in this process (P2's capped-heap run): prints its ms and peak RSS
        Path source = data.resolve("p3-source/data.parquet");
        Path table = data.resolve("p2-capped");
        Timing.deleteTree(table);
        long start = System.nanoTime();
        DeltaLens.create(table).schemaFromParquet(source).commit().newAppend().appendFile(source).commit();
        System.out.println((System.nanoTime() - start) / 1_000_000 + " " + Timing.peakRssMb());
        Timing.deleteTree(table);
        return;
      }
      case "P3" -> {
        DeltaTable table = DeltaLens.open(data.resolve("p3"));
        times = Timing.measure("deltalens", runs, () -> table.toTable().rowCount(), () -> {});
        long frameMb = retainedMb(table);
        note = "frame holds " + frameMb + " MB (heap retained after GC); the JVM's first read " + Timing.firstRunMs
            + " ms; " + smallestHeap(data, frameMb);
      }
      case "P3b" -> { // the string-heavier files, registered where they lie (once), then read like P3
        Path dir = data.resolve("p3b");
        if (!Files.exists(dir.resolve("_delta_log"))) {
          DeltaLens.create(dir).schemaFromParquet(dir.resolve("part-00.parquet")).commit()
              .newAppend().appendFile(dir).register().commit();
        }
        DeltaTable table = DeltaLens.open(dir);
        times = Timing.measure("deltalens", runs, () -> table.toTable().rowCount(), () -> {});
        note = "10 files x " + table.toTable().rowCount() / 10 + " rows: user (250,000 distinct), city (10), date, "
            + "timestamp, decimal(10,2), int, long, double; the JVM's first read " + Timing.firstRunMs + " ms";
      }
      case "P3once" -> {
        System.out.println(DeltaLens.open(data.resolve("p3")).toTable().rowCount());
        return;
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
            + commits * perCommit + " files and list its " + files[0] + " files with per-column statistics; the JVM's"
            + " first listing " + Timing.firstRunMs + " ms";
      }
      case "P10" -> {
        // landing: a cycle registering 100 new files into a table of 300,000 (checkpointed); bench/run made
        // this tool's copy of the table with P10setup
        Path table = data.resolve("p10-deltalens");
        Path source = data.resolve("p1/part-00001.parquet");
        Landing landing = DeltaLens.landing(table.toString()).settle(java.time.Duration.ZERO);
        int[] run = {0};
        Timing.Step land = () -> landFiles(table.resolve("landed-deltalens-" + run[0]++), source);
        land.run();
        long t0 = System.nanoTime();
        int first = landing.runOnce().batches().get(0).filesAdded();
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(Timing.json(workload, "deltalens (first cycle ever)", List.of(firstMs),
            "the first cycle on a table no watcher has claimed a listing of: reads the table's "
                + DeltaLens.open(table).files().rowCount() + " files once, then registers " + first));
        List<Long> cron = Timing.measure("deltalens (cron)", runs, () -> DeltaLens.landing(table.toString())
            .settle(java.time.Duration.ZERO).runOnce().batches().get(0).filesAdded(), land);
        System.out.println(Timing.json(workload, "deltalens (a cron run's cycle)", cron,
            "a new landing process's cycle after a claimed listing: reads the commits of the last hour, lists the"
                + " folders changed since, registers the 100 new files (in a warm JVM: the process start is not in it)"));
        times = Timing.measure("deltalens", runs, () -> landing.runOnce().batches().get(0).filesAdded(), land);
        note = "a watcher's cycle: list the table, register the 100 new files (footer statistics), one commit";
      }
      case "P10s3" -> {
        // the same table in a bucket of the local S3 server (its data files placed by bench/run, its log
        // uploaded); each run uploads 100 files and hands their S3 events to the landing, as a warm Lambda
        String table = "s3://bench/p10-deltalens";
        Path source = data.resolve("p1/part-00001.parquet");
        Landing landing = DeltaLens.landing(table);
        List<String> keys = new java.util.ArrayList<>();
        int[] run = {0};
        Timing.Step land = () -> {
          keys.clear();
          keys.addAll(upload(source, "bench", "p10-deltalens/landed-" + run[0]++));
        };
        land.run();
        long t0 = System.nanoTime();
        int first = landing.handleEvents(s3Events("bench", keys), false).batches().get(0).filesAdded();
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        times = Timing.measure("deltalens", runs,
            () -> landing.handleEvents(s3Events("bench", keys), false).batches().get(0).filesAdded(), land);
        System.out.println(Timing.json(workload, "deltalens (first batch)", List.of(firstMs),
            "the first event batch of a process (a cold Lambda's): reads the commits written since the objects'"
                + " time (less 5 min for clocks), then registers " + first));
        note = "a warm handler's batch of 100 ObjectCreated events: one suffix-range GET per object (size, time and footer), one commit";
      }
      case "P10setup" -> {
        int folders = Integer.parseInt(System.getenv().getOrDefault("P10_FOLDERS", "30"));
        p10Table(data.resolve("p10-base-" + folders), data.resolve("p1/part-00000.parquet"), folders, 10_000);
        return;
      }
      default -> throw new IllegalArgumentException("workload " + workload);
    }
    System.out.println(Timing.json(workload, "deltalens", times, note));
  }

  /**
   * P10's table: {@code folders} x {@code perFolder} hard links (every one a real file a listing meets) of a
   * copy of one file per folder (a file system allows some 65,000 links to one file, and bench/run links the
   * whole table twice more), registered a folder per commit, then checkpointed.
   */
  static void p10Table(Path table, Path source, int folders, int perFolder) throws Exception {
    if (DeltaLens.exists(table.toString())) {
      return;
    }
    DeltaTable t = DeltaLens.create(table).schemaFromParquet(source).commit();
    Path copies = Files.createDirectories(table.resolveSibling(table.getFileName() + "-sources"));
    for (int f = 0; f < folders; f++) {
      Path folder = Files.createDirectories(table.resolve(String.format("batch-%02d", f)));
      Path copy = Files.copy(source, copies.resolve(f + ".parquet"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      for (int i = 0; i < perFolder; i++) {
        Files.createLink(folder.resolve(String.format("part-%05d.parquet", i)), copy);
      }
      t.newAppend().appendFile(folder).register().commit();
      System.err.println("  p10 table: " + (f + 1) * perFolder + " files");
    }
    t.checkpoint();
  }

  /** PUTs 100 copies of {@code source} under {@code prefix} of {@code bucket} (endpoint and keys from AWS_*). */
  static List<String> upload(Path source, String bucket, String prefix) {
    try (var s3 = software.amazon.awssdk.services.s3.S3Client.builder()
        .endpointOverride(java.net.URI.create(System.getenv("AWS_ENDPOINT_URL")))
        .region(software.amazon.awssdk.regions.Region.of(System.getenv("AWS_REGION"))).forcePathStyle(true).build()) {
      List<String> keys = new java.util.ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String key = String.format("%s/f-%03d.parquet", prefix, i);
        s3.putObject(b -> b.bucket(bucket).key(key), software.amazon.awssdk.core.sync.RequestBody.fromFile(source));
        keys.add(key);
      }
      return keys;
    }
  }

  /** S3's ObjectCreated notification for these keys. */
  static String s3Events(String bucket, List<String> keys) {
    StringBuilder json = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < keys.size(); i++) {
      json.append(i == 0 ? "" : ",").append("{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
          + "\"s3\":{\"bucket\":{\"name\":\"").append(bucket).append("\"},\"object\":{\"key\":\"")
          .append(keys.get(i)).append("\"}}}");
    }
    return json.append("]}").toString();
  }

  /** Lands 100 files (hard links of {@code source}) for a P10 run. */
  static void landFiles(Path dir, Path source) throws Exception {
    Files.createDirectories(dir);
    for (int i = 0; i < 100; i++) {
      Files.createLink(dir.resolve(String.format("f-%03d.parquet", i)), source);
    }
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

  /** The heap a frame of the table keeps alive: used heap after GC with it, minus without it. */
  static long retainedMb(DeltaTable table) {
    long before = usedAfterGc();
    Table frame = table.toTable();
    long after = usedAfterGc();
    java.lang.ref.Reference.reachabilityFence(frame);
    return (after - before) / (1 << 20);
  }

  static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** P2 in a fresh JVM whose heap is capped at {@code mb}: its time and peak RSS, or that it failed. */
  static String capped(Path data, int mb) throws Exception {
    Process p = new ProcessBuilder("java", "-Xmx" + mb + "m", "-cp", System.getProperty("java.class.path"),
        "DeltalensBench", "P2once", data.toString(), "0").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (p.waitFor() != 0 || !out.matches("\\d+ \\d+")) {
      return "a fresh JVM with -Xmx" + mb + "m fails";
    }
    String[] parts = out.split(" ");
    return "a fresh JVM with -Xmx" + mb + "m: " + parts[0] + " ms, peak RSS " + parts[1] + " MB";
  }

  /** The smallest -Xmx (in steps of the frame's size) at which a fresh JVM reads the table. */
  static String smallestHeap(Path data, long frameMb) throws Exception {
    String failed = "";
    for (double factor : new double[] {1.5, 2, 3, 4, 6, 8}) {
      long mb = Math.max(32, (long) Math.ceil(frameMb * factor));
      Process p = new ProcessBuilder("java", "-Xmx" + mb + "m", "-cp", System.getProperty("java.class.path"),
          "DeltalensBench", "P3once", data.toString(), "0").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      // a heap just too small can leave the JVM collecting for good instead of failing: two minutes is a no
      if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor();
      } else if (p.exitValue() == 0) {
        return "a fresh JVM reads it with -Xmx" + mb + "m (" + factor + "x the frame)" + failed;
      }
      failed = ", not with -Xmx" + mb + "m";
    }
    return "no heap up to 8x the frame was enough";
  }
}
