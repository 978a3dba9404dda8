package io.deltalens.cli;

/**
 * Loads Tablesaw's {@code Table} class cheaply in a process deltalens starts itself (the command line). The
 * class registers its file readers and writers when it is loaded, finding them by scanning the class path
 * with ClassGraph: about 0.6 s over the hundred jars deltalens runs with, and still a tenth of a second over
 * Tablesaw's own jar. So while it loads, {@code java.class.path} names nothing ClassGraph can read, and the
 * readers and writers Tablesaw's jar holds register themselves as they load, as the scan would have had
 * them; the property is put back at once. Not for a JVM someone else runs: another thread could read the
 * property in that moment.
 */
final class TablesawStart {
  /** The implementations of Tablesaw's DataReader and DataWriter in tablesaw-core. */
  private static final String[] READERS_AND_WRITERS = {"tech.tablesaw.io.csv.CsvReader",
      "tech.tablesaw.io.csv.CsvWriter", "tech.tablesaw.io.fixed.FixedWidthReader",
      "tech.tablesaw.io.fixed.FixedWidthWriter"};

  private TablesawStart() {}

  static void load() {
    String classPath = System.getProperty("java.class.path");
    if (classPath == null) {
      return;
    }
    try {
      System.setProperty("java.class.path", "/nonexistent/deltalens-tablesaw-start");
      Class.forName("tech.tablesaw.api.Table");
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return; // loaded as it would be, the next time it is used
    } finally {
      System.setProperty("java.class.path", classPath);
    }
    for (String name : READERS_AND_WRITERS) {
      try {
        Class.forName(name);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        // a Tablesaw without it: nothing to register
      }
    }
  }
}
