package io.deltalens.internal.write;

import io.deltalens.DeltaLensException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Turns the files and folders a user names into the parquet files to append. */
final class Inputs {
  private Inputs() {}

  /**
   * Each path as an absolute file; a folder stands for the parquet files below it, skipping names that
   * start with '_' or '.' (the Delta log, Spark's markers, hidden files), as Spark does.
   */
  static List<Path> expand(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      Path abs = path.toAbsolutePath().normalize();
      if (Files.isDirectory(abs)) {
        List<Path> found = parquetFilesUnder(abs);
        if (found.isEmpty()) {
          throw new DeltaLensException("no parquet files in directory " + abs);
        }
        files.addAll(found);
      } else if (Files.isRegularFile(abs)) {
        files.add(abs);
      } else {
        throw new DeltaLensException("no such file or directory: " + abs);
      }
    }
    return files.stream().distinct().collect(Collectors.toList());
  }

  private static List<Path> parquetFilesUnder(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .filter(f -> visible(dir.relativize(f)))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new DeltaLensException("cannot resolve " + path + ": " + e.getMessage());
    }
  }

  private static boolean visible(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.startsWith("_") || name.startsWith(".")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Register mode adds files where they are, so each must lie inside the table's folder, also once
   * symbolic links are followed (a link inside the table to a file elsewhere is outside).
   */
  static void requireInside(List<Path> files, Path tableDir) {
    Path realTable = realPath(tableDir);
    for (Path file : files) {
      Path real = realPath(file);
      if (!file.startsWith(tableDir) || !visible(tableDir.relativize(file))
          || !real.startsWith(realTable) || !visible(realTable.relativize(real))) {
        throw new DeltaLensException(file + " is not inside the table directory " + tableDir
            + " (or is hidden or under _delta_log): register mode adds files where they lie, so they"
            + " must be under the table; use copy mode (--mode copy) to bring in files from elsewhere");
      }
    }
  }
}
