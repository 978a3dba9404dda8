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
    // the readers Tablesaw registers as it loads are there: they all come from its own jar
    assertTrue(tech.tablesaw.api.Table.defaultReaderRegistry.getReaderForExtension("csv") != null);
  }
}
