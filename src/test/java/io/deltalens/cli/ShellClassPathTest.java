package io.deltalens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellClassPathTest {
  @Test
  void snippetsCompileAgainstDeltalensAndTheJarsItsApiShowsOnly(@TempDir Path dir) throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    String lib = dir.resolve("lib") + "/";
    List<String> classPath = List.of(dir.resolve("deltalens.jar").toString(), classes.toString(),
        lib + "tablesaw-core-0.44.4.jar", lib + "fastutil-8.5.13.jar", lib + "RoaringBitmap-0.9.25.jar",
        lib + "delta-kernel-api-4.4.0.jar", lib + "delta-kernel-defaults-4.4.0.jar",
        lib + "hadoop-client-runtime-3.4.2.jar", lib + "s3-2.57.8.jar", lib + "kafka-clients-4.1.1.jar");
    assertEquals(classPath.subList(0, 6), Shell.compileClassPath(classPath));
  }
}
