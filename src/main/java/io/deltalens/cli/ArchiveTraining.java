package io.deltalens.cli;

import io.deltalens.tour.Tour;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What a run that records the launcher's class-data archive does after its command, with nothing printed:
 * the tour, then the commands people run most, on a table of its own in a temporary folder. The archive
 * holds the classes its run loaded, and the first run after a build is whatever command someone typed: an
 * archive recorded by an {@code append} alone left a later {@code read} twice as slow to start. The command's
 * output and exit code are settled before this runs; a failure here only leaves the archive smaller.
 */
final class ArchiveTraining {
  /** The launcher sets this property on the run that records the archive. */
  static final String PROPERTY = "deltalens.cds.record";

  private ArchiveTraining() {}

  /** Trains when this run records the archive; a minute at most (the process exits after it). */
  static void runIfRecording() {
    if (!Boolean.getBoolean(PROPERTY)) {
      return;
    }
    Thread training = new Thread(ArchiveTraining::train, "deltalens-archive-training");
    training.setDaemon(true);
    training.start();
    try {
      training.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void train() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    Path dir = null;
    try {
      out.flush();
      err.flush();
      System.setOut(nowhere);
      System.setErr(nowhere);
      dir = Files.createTempDirectory("deltalens-archive-");
      String table = Tour.run(dir, nowhere).location();
      for (String[] command : new String[][] {{"read", table, "--limit", "10"}, {"history", table},
          {"files", table}, {"describe", table}, {"read", table, "--format", "csv"}}) {
        Main.run(command);
      }
    } catch (IOException | RuntimeException e) {
      // the archive records what loaded up to here
    } finally {
      System.setOut(out);
      System.setErr(err);
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a temporary folder the system clears
    }
  }
}
