package io.deltalens.cli;

import io.deltalens.DeltaLensException;
import io.deltalens.tour.Tour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tour",
    description = "Walk through deltalens on generated sample feeds, printing each step.")
final class TourCommand implements Runnable {
  @Parameters(index = "0", arity = "0..1", paramLabel = "<dir>",
      description = "Empty or new directory for the sample data and table (default: a new temp directory).")
  Path dir;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public void run() {
    try {
      Path target = dir != null ? dir : Files.createTempDirectory("deltalens-tour-");
      if (Files.isDirectory(target.resolve("sales"))) {
        throw new DeltaLensException(target + " holds a tour already; give an empty or new directory");
      }
      System.out.println("deltalens tour in " + target.toAbsolutePath());
      Tour.run(target.toAbsolutePath(), System.out);
      System.out.println("\nDone. Look around: bin/deltalens read " + target.resolve("sales") + " --version 2");
    } catch (IOException e) {
      throw new DeltaLensException("cannot make a directory for the tour: " + e.getMessage(), e);
    }
  }
}
