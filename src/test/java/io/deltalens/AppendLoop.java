package io.deltalens;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate process for the concurrency tests: appends {@code count} one-row files to a table (a local
 * path or an s3:// URI, reached through the environment's AWS_* settings), each with its transaction id;
 * with "replay" it also sends each previous append again, which must change nothing.
 */
public final class AppendLoop {
  /**
   * A writer process (a JVM of its own, quick to start) running this loop on a table of {@code store}; the
   * remaining {@code args} are the loop's: inputs folder, process number, count, and "replay" or "once".
   */
  static ProcessBuilder writer(Store store, String table, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", AppendLoop.class.getName(), table));
    command.addAll(List.of(args));
    ProcessBuilder writer = new ProcessBuilder(command);
    if (!store.isLocal()) {
      writer.environment().putAll(S3Server.shared().environment());
    }
    return writer;
  }

  public static void main(String[] args) {
    String table = args[0];
    Path inputs = Paths.get(args[1]);
    int process = Integer.parseInt(args[2]);
    int count = Integer.parseInt(args[3]);
    boolean replay = args.length > 4 && args[4].equals("replay");
    DeltaTable t = DeltaLens.open(table);
    System.out.println("ready"); // the kill trials time their kill from here
    System.out.flush();
    for (int i = 0; i < count; i++) {
      long id = process * 100_000L + i;
      Path file = ParquetFiles.ids(inputs.resolve("p" + process + "-" + i + ".parquet"), id);
      t.newAppend().appendFile(file).txn("writer-" + process, i).commit();
      System.out.println("committed " + i);
      if (replay && !t.newAppend().appendFile(file).txn("writer-" + process, i).commit().alreadyCommitted()) {
        throw new IllegalStateException("a replay of writer-" + process + ":" + i + " committed again");
      }
      System.out.flush();
    }
  }
}
