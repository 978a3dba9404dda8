package io.deltalens;

import java.nio.file.Path;
import java.nio.file.Paths;

/** A separate process for the concurrency test: appends {@code count} one-row files to a table. */
public final class AppendLoop {
  public static void main(String[] args) {
    Path table = Paths.get(args[0]);
    Path inputs = Paths.get(args[1]);
    int process = Integer.parseInt(args[2]);
    int count = Integer.parseInt(args[3]);
    DeltaTable t = DeltaLens.open(table);
    System.out.println("ready"); // the kill trials time their kill from here
    System.out.flush();
    for (int i = 0; i < count; i++) {
      long id = process * 100_000L + i;
      Path file = ParquetFiles.ids(inputs.resolve("p" + process + "-" + i + ".parquet"), id);
      t.newAppend().appendFile(file).txn("writer-" + process, i).commit();
      System.out.println("committed " + i);
      System.out.flush();
    }
  }
}
