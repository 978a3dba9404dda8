package io.deltalens.tour;

import io.deltalens.DeltaTable;
import io.deltalens.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's first command: the walkthrough runs end to end and leaves the table it describes. */
class TourTest {
  @TempDir Path dir;

  @Test
  void tourTellsEachStepAndEndsWithTheWholeTable() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DeltaTable table = Tour.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    for (int step = 1; step <= 9; step++) {
      assertTrue(out.contains("\n" + step + ". "), "step " + step + " missing:\n" + out);
    }
    assertTrue(out.contains("second: already committed"), out);
    assertTrue(out.contains("4 files already in the table"), out);
    assertEquals(9, table.version());
    assertEquals(24, table.toTable().rowCount()); // 12 feeds of two rows
    assertEquals(1, table.checkpoints().rowCount());
  }

  @Test
  void theCommandRefusesADirectoryThatHoldsATourAlready() {
    assertEquals(0, Main.run("tour", dir.toString()));
    assertEquals(1, Main.run("tour", dir.toString()));
  }
}
