// Shared by DeltalensBench and SparkBench (compiled into each): warm-up + timed runs, one JSON line, peak RSS.
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

final class Timing {
  private Timing() {}

  interface Step {
    void run() throws Exception;
  }

  /**
   * Warm-up runs before the timed ones: BENCH_WARMUP (bench/run sets 3 for the reads, whose JIT warm-up
   * takes several runs), else one.
   */
  static final int WARMUP = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "1"));
  /**
   * And warm-up runs until this many seconds of them have passed: BENCH_WARMUP_S (bench/run sets it where a
   * run is short, so that a JVM's compilers have done the work before the timed runs, as JMH's warm-up
   * iterations have them; the first run's time is reported too), else 0.
   */
  static final double WARMUP_SECONDS = Double.parseDouble(System.getenv().getOrDefault("BENCH_WARMUP_S", "0"));

  /** The time of the last measure's first run: the work in a JVM that has not done it before. */
  static long firstRunMs;

  /** {@link #WARMUP} warm-up runs, then {@code runs} timed ones; {@code before} runs untimed before each. */
  static List<Long> measure(String tool, int runs, Callable<Object> work, Step before) throws Exception {
    List<Long> times = new ArrayList<>();
    long warmingSince = System.nanoTime();
    for (int i = 0; times.size() < runs; i++) {
      boolean warmUp = i < WARMUP || System.nanoTime() - warmingSince < WARMUP_SECONDS * 1e9;
      before.run();
      long t0 = System.nanoTime();
      Object result = work.call();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.err.println("  " + tool + " run " + i + (warmUp ? " (warm-up)" : "") + ": " + ms + " ms -> " + result);
      if (i == 0) {
        firstRunMs = ms;
      }
      if (!warmUp) {
        times.add(ms);
      }
    }
    return times;
  }

  /** The result line bench/report.py reads. */
  static String json(String workload, String tool, List<Long> times, String note) throws Exception {
    List<Long> sorted = new ArrayList<>(times);
    sorted.sort(null);
    return String.format("{\"workload\":\"%s\",\"tool\":\"%s\",\"runs_ms\":%s,\"median_ms\":%d,"
        + "\"peak_rss_mb\":%d,\"note\":\"%s\"}", workload, tool, times, sorted.get(sorted.size() / 2),
        peakRssMb(), note);
  }

  /** The process' peak resident memory so far (VmHWM). */
  static long peakRssMb() throws Exception {
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }

  /** A fresh copy of a table: its data files hard-linked, its log copied (a compaction rewrites both). */
  static void linkCopy(Path base, Path copy) throws Exception {
    deleteTree(copy);
    try (var files = Files.walk(base)) {
      for (Path p : files.toList()) {
        Path to = copy.resolve(base.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else if (p.toString().contains("_delta_log")) {
          Files.copy(p, to);
        } else {
          Files.createLink(to, p);
        }
      }
    }
  }

  static void deleteTree(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
