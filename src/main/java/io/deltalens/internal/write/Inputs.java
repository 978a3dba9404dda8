package io.deltalens.internal.write;

import io.deltalens.DeltaLensException;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns the files and folders (or prefixes in a bucket) a user names into the parquet files to append. */
final class Inputs {
  private Inputs() {}

  /**
   * Each location as a file; a folder stands for the parquet files below it, skipping names that start
   * with '_' or '.' (the Delta log, Spark's markers, hidden files), as Spark does.
   */
  static List<Storage.Entry> expand(List<Location> locations) {
    List<Storage.Entry> files = new ArrayList<>();
    for (Location location : locations) {
      var file = Storage.stat(location);
      if (file.isPresent()) {
        files.add(file.get());
        continue;
      }
      List<Storage.Entry> found = Storage.listAll(location).stream()
          .filter(f -> f.name().endsWith(".parquet") && visible(location.relativize(f.location())))
          .sorted(java.util.Comparator.comparing(f -> f.location().uri()))
          .toList();
      if (found.isEmpty()) {
        throw new DeltaLensException(Storage.isFolder(location) ? "no parquet files in directory " + location
            : "no such file or directory: " + location);
      }
      files.addAll(found);
    }
    java.util.Set<Location> seen = new java.util.HashSet<>();
    return files.stream().filter(f -> seen.add(f.location())).collect(Collectors.toList());
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new DeltaLensException("cannot resolve " + path + ": " + e.getMessage());
    }
  }

  private static boolean visible(String relative) {
    for (String name : relative.split("/")) {
      if (name.startsWith("_") || name.startsWith(".")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Register mode adds files where they are, so each must lie inside the table's folder (or prefix),
   * also once symbolic links are followed (a link inside the table to a file elsewhere is outside).
   */
  static void requireInside(List<Storage.Entry> files, Location table) {
    // no folder yet (an append that creates the table): no file can be inside it
    Path realTable = table.isLocal() && Files.isDirectory(table.local().orElseThrow())
        ? realPath(table.local().orElseThrow()) : null;
    Map<Path, Path> realFolders = new HashMap<>(); // thousands of files share a few folders: each resolved once
    for (Storage.Entry entry : files) {
      Location file = entry.location();
      boolean inside = file.isInside(table) && visible(table.relativize(file));
      if (inside && realTable != null) {
        Path real = realPath(entry, realFolders);
        inside = real.startsWith(realTable) && visible(realTable.relativize(real).toString().replace('\\', '/'));
      }
      if (!inside) {
        throw new DeltaLensException(file + " is not inside the table directory " + table
            + " (or is hidden or under _delta_log): register mode adds files where they lie, so they"
            + " must be under the table; use copy mode (--mode copy) to bring in files from elsewhere");
      }
    }
  }

  /**
   * A file's real path: its folder's (resolved once per folder), then the file itself only if it is a link
   * (a file a walk reached as a regular file is none: no lstat for each of thousands of files).
   */
  private static Path realPath(Storage.Entry entry, Map<Path, Path> realFolders) {
    Path file = entry.location().local().orElseThrow();
    Path folder = file.toAbsolutePath().getParent();
    if (folder == null || !entry.walkedLocal() && Files.isSymbolicLink(file)) {
      return realPath(file);
    }
    return realFolders.computeIfAbsent(folder, Inputs::realPath).resolve(file.getFileName());
  }
}
