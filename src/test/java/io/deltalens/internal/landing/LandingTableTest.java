package io.deltalens.internal.landing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.StructType;
import io.deltalens.DeltaLens;
import io.deltalens.DeltaTable;
import io.deltalens.LandingReport;
import io.deltalens.ParquetFiles;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Landing batches that create a table at once, each from the files it was given. */
class LandingTableTest {
  @TempDir Path dir;

  /**
   * Two batches find no table: one holds only {@code b} (a long id), the other {@code a} (a string id), thirty
   * more like it and {@code b}, which it refuses for its table of string ids. The short batch creates the
   * table first, trial after trial; the long one, losing, must check its files again against that table: it
   * refuses its string-id files and moves them aside, but not {@code b}, which the table holds.
   */
  @Test
  void aCreatorThatLosesChecksItsFilesAgainstTheWinnersTable() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    for (int trial = 0; trial < 5; trial++) {
      Path folder = Files.createDirectories(dir.resolve("t" + trial));
      Location table = Location.local(folder);
      List<Storage.Entry> many = new ArrayList<>();
      for (int i = 0; i < 31; i++) {
        many.add(entry(ParquetFiles.write(folder.resolve("a" + i + ".parquet"),
            "message t { optional binary id (STRING); }", List.of(g -> g.append("id", "x")))));
      }
      Storage.Entry b = entry(ParquetFiles.ids(folder.resolve("b.parquet"), 7));
      many.add(b);
      CyclicBarrier start = new CyclicBarrier(2);
      Future<LandingReport.Batch> slow = pool.submit(() -> batch(table, many, start));
      Future<LandingReport.Batch> quick = pool.submit(() -> batch(table, List.of(b), start));
      String said = "trial " + trial + ": " + quick.get() + " / " + slow.get();

      DeltaTable created = DeltaLens.open(folder.toString());
      if (created.schema().column("id").type().equals("long")) { // as nearly always: the quick batch won
        assertTrue(Files.exists(folder.resolve("b.parquet")), "the table's file stays where it is: " + said);
        assertEquals(List.of(7L), created.toTable().longColumn("id").asList(), said);
        assertEquals(31, slow.get().rejected().size(), said);
      } else {
        assertEquals(31, created.toTable().rowCount(), said);
      }
    }
    pool.shutdown();
  }

  /** A listed file gone when its footer is read (deleted, or moved aside by another landing) is only reported. */
  @Test
  void aFileGoneBeforeItsFooterIsReadIsReportedNotQuarantined() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("gone"));
    DeltaLens.create(folder.toString()).schema("id long, name string").commit();
    Storage.Entry kept = entry(ParquetFiles.ids(folder.resolve("a.parquet"), 1));
    Storage.Entry gone = entry(ParquetFiles.ids(folder.resolve("b.parquet"), 2));
    Files.delete(folder.resolve("b.parquet"));

    LandingReport.Batch batch = batch(Location.local(folder), List.of(kept, gone), new CyclicBarrier(1));

    assertEquals(1, batch.filesAdded(), batch::toString);
    assertTrue(batch.rejected().isEmpty(), batch::toString);
    assertTrue(batch.skipped().get(gone.location().toString()).startsWith("gone before it was read"), batch::toString);
    assertFalse(Files.exists(folder.resolve("_quarantine")), "nothing to move aside");
  }

  private static LandingReport.Batch batch(Location table, List<Storage.Entry> files, CyclicBarrier start)
      throws Exception {
    LandingTable landing = new LandingTable(table, new LandingTable.Settings(true, false, new StructType(),
        "test-landing", Duration.ZERO, message -> {}));
    start.await();
    Map<Location, String> skipped = new LinkedHashMap<>();
    return landing.commit(files, Map.of(), List.of(), skipped, false, 0);
  }

  private static Storage.Entry entry(Path file) {
    return Storage.stat(Location.local(file)).orElseThrow();
  }
}
