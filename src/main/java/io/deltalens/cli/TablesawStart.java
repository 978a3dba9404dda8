package io.deltalens.cli;

import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Loads Tablesaw's {@code Table} class cheaply in a process deltalens starts itself (the command line). The
 * class registers its readers when it is loaded, finding them by scanning the whole class path with
 * ClassGraph: about 0.6 s over the hundred jars deltalens runs with, on every start. Its readers all lie in
 * its own jar, so while it loads, the {@code java.class.path} ClassGraph reads names only that jar; the
 * property is put back at once. Not for a JVM someone else runs: another thread could read the property
 * in that moment.
 */
final class TablesawStart {
  private static final String TABLE = "tech/tablesaw/api/Table.class";

  private TablesawStart() {}

  static void load() {
    URL table = TablesawStart.class.getClassLoader().getResource(TABLE);
    String classPath = System.getProperty("java.class.path");
    if (table == null || !"jar".equals(table.getProtocol()) || classPath == null) {
      return; // not from a jar: Tablesaw loads as it would
    }
    String jar = table.getPath().substring(0, table.getPath().indexOf("!/"));
    try {
      Path own = Paths.get(new URL(jar).toURI());
      System.setProperty("java.class.path", own.toString());
      Class.forName("tech.tablesaw.api.Table");
    } catch (ReflectiveOperationException | java.io.IOException | java.net.URISyntaxException
        | RuntimeException e) {
      // loaded as it would be, the next time it is used
    } finally {
      System.setProperty("java.class.path", classPath);
    }
  }
}
