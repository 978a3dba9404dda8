package io.deltalens.internal.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import io.deltalens.AppendMode;
import io.deltalens.AppendResult;
import io.deltalens.DeltaLens;
import io.deltalens.DeltaTable;
import io.deltalens.ParquetFiles;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An append's commit, where the landing and the append meet. */
class AppendCommitTest {
  @TempDir Path dir;

  /**
   * A landing batch that was to create its table finds it created by another writer between its look and
   * its commit: it commits nothing and says the table moved on, so that the landing reads it and tries again.
   */
  @Test
  void aLandingBatchToCreateATableAnotherWriterCreatedCommitsNothing() {
    DeltaTable other = DeltaLens.create(dir.toString()).schema("id long").commit();
    Location table = Location.local(dir);
    Storage.Entry file = Storage.stat(Location.local(ParquetFiles.ids(dir.resolve("a.parquet"), 1))).orElseThrow();
    TableCreation.NewTable creates = new TableCreation.NewTable(new StructType().add("id", LongType.LONG), List.of());

    AppendResult result = AppendCommit.run(new AppendCommit.Request(table, List.of(), AppendMode.REGISTER, false,
        "test-landing", 0, true, message -> {}, true, new AppendCommit.Landing(null, creates, List.of(file),
            Map.of(), null, List.of(), false, (f, why) -> {}, (f, why) -> {}, null)));

    assertTrue(result.alreadyCommitted(), result::toString);
    assertFalse(result.committed());
    assertEquals(0, other.version(), "nothing committed");
  }
}
