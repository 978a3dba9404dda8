package io.deltalens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TablesawStartTest {
  @Test
  void loadsTablesawsTableAndPutsTheClassPathBack() throws Exception {
    String classPath = System.getProperty("java.class.path");
    TablesawStart.load();
    assertEquals(classPath, System.getProperty("java.class.path"));
    // the readers and writers Tablesaw's scan would have registered are there
    assertTrue(tech.tablesaw.api.Table.defaultReaderRegistry.getReaderForExtension("csv") != null);
    assertTrue(tech.tablesaw.api.Table.defaultWriterRegistry.getWriterForExtension("csv") != null);
  }
}
