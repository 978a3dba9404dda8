package io.deltalens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a test's tables live: a local folder or a bucket on the test S3 server. Table tests that take a
 * {@code Store} parameter run once on each, the same test.
 */
record Store(String name, String root, Map<String, String> options) {
  /** The stores every such test runs on: a local folder under {@code dir}, and a fresh bucket. */
  static Stream<Store> all(Path dir) throws Exception {
    S3Server s3 = S3Server.shared();
    return Stream.of(new Store("local folder", dir.toString(), Map.of()),
        new Store("S3 bucket", s3.bucket(), s3.options()));
  }

  boolean isLocal() {
    return options.isEmpty();
  }

  /** A table location in this store. */
  String table(String name) {
    return root + "/" + name;
  }

  DeltaTable open(String location) {
    return DeltaLens.open(location, options);
  }

  CreateTable create(String location) {
    return DeltaLens.create(location, options);
  }

  Append append(String location) {
    return DeltaLens.append(location, options);
  }

  /** Puts a copy of {@code file} at {@code location} (a path in this store), as a writer landing a file would. */
  void put(Path file, String location) throws Exception {
    if (isLocal()) {
      Files.createDirectories(Path.of(location).getParent());
      Files.copy(file, Path.of(location));
    } else {
      S3Server.shared().put(file, location);
    }
  }

  /** Every file (object) under {@code location}, relative to it: to show nothing was left behind. */
  List<String> files(String location) {
    if (isLocal()) {
      Path root = Path.of(location);
      try (Stream<Path> files = Files.walk(root)) {
        return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString()).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return S3Server.shared().keys(location);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The command line's {@code --storage} options for this store, to put after a command's arguments. */
  List<String> storageArgs() {
    List<String> args = new java.util.ArrayList<>();
    options.forEach((k, v) -> args.addAll(List.of("--storage", k + "=" + v)));
    return args;
  }

  @Override
  public String toString() {
    return name;
  }
}
