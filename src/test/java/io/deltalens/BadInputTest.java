package io.deltalens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of bad input: one clear message naming the culprit, and the table byte-for-byte as it was. */
class BadInputTest {
  @TempDir Path dir;
  Path tablePath;
  DeltaTable table;

  @BeforeEach
  void table() {
    tablePath = dir.resolve("t");
    table = DeltaLens.create(tablePath).schema("id long not null, name string").commit();
    table.newAppend().appendFile(ParquetFiles.ids(dir.resolve("ok.parquet"), 1, 2)).commit();
  }

  /** Runs {@code append}, expects a failure whose message holds {@code expected}, and an untouched table. */
  void refused(Consumer<DeltaTable> append, String... expected) {
    Map<String, String> before = TableFiles.fingerprint(tablePath);
    DeltaLensException e = assertThrows(DeltaLensException.class, () -> append.accept(table));
    for (String part : expected) {
      assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should mention " + part);
    }
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertEquals(before, TableFiles.fingerprint(tablePath), "the table changed");
  }

  @Test
  void missingFile() {
    Path missing = dir.resolve("nope.parquet");
    refused(t -> t.newAppend().appendFile(missing).commit(), "no such file", missing.toString());
  }

  @Test
  void notParquet() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.parquet"), "hello, not parquet");
    refused(t -> t.newAppend().appendFile(text).commit(), "not a readable parquet file", text.toString());
  }

  @Test
  void truncatedParquetAmongGoodFilesCommitsNothing() throws Exception {
    Path good = ParquetFiles.ids(dir.resolve("good.parquet"), 3);
    Path whole = ParquetFiles.ids(dir.resolve("whole.parquet"), 4, 5);
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
    refused(t -> t.newAppend().appendFile(good).appendFile(cut).commit(), cut.toString());
  }

  /** A file that ends as parquet does but whose footer is garbage (its bytes overwritten) is refused by name. */
  @Test
  void damagedFooterIsNamed() throws Exception {
    byte[] bytes = Files.readAllBytes(ParquetFiles.ids(dir.resolve("whole.parquet"), 4, 5));
    int length = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    int footer = bytes.length - 8 - length;
    for (int at : new int[] {footer, footer + length / 3, footer + length / 2}) {
      byte[] damaged = bytes.clone();
      Arrays.fill(damaged, at, Math.min(at + 24, bytes.length - 8), (byte) 0xff);
      Path bad = Files.write(dir.resolve("damaged-" + at + ".parquet"), damaged);
      refused(t -> t.newAppend().appendFile(bad).commit(), "not a readable parquet file", bad.toString());
    }
  }

  @Test
  void incompatibleTypeNamesColumnAndBothTypes() {
    Path bad = ParquetFiles.write(dir.resolve("bad.parquet"),
        "message m { optional binary id (STRING); optional binary name (STRING); }",
        List.of(g -> g.append("id", "x").append("name", "y")));
    refused(t -> t.newAppend().appendFile(bad).commit(), bad.toString(), "'id'", "string", "long");
    ParquetFiles.write(tablePath.resolve("bad.parquet"),
        "message m { optional binary id (STRING); optional binary name (STRING); }",
        List.of(g -> g.append("id", "x").append("name", "y")));
    refused(t -> t.newAppend().appendFile(tablePath.resolve("bad.parquet")).register().commit(), "'id'", "string");
  }

  @Test
  void nullsInNotNullColumn() {
    Path nulls = ParquetFiles.write(dir.resolve("nulls.parquet"),
        "message m { optional int64 id; optional binary name (STRING); }",
        List.of(g -> g.append("name", "no id")));
    refused(t -> t.newAppend().appendFile(nulls).commit(), "NOT NULL column 'id'", "1 null");
  }

  @Test
  void folderWithoutParquet() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve("readme.txt"), "nothing here");
    refused(t -> t.newAppend().appendFile(empty).commit(), "no parquet files", empty.toString());
  }

  @Test
  void registerOutsideTheTablePointsToCopyMode() {
    Path outside = ParquetFiles.ids(dir.resolve("outside.parquet"), 9);
    refused(t -> t.newAppend().appendFile(outside).register().commit(),
        outside.toString(), "not inside the table", "copy mode");
  }

  @Test
  void registerRefusesALinkInsideTheTableToAFileOutside() throws Exception {
    Path outside = ParquetFiles.ids(dir.resolve("elsewhere/x.parquet"), 9);
    Path landing = Files.createDirectories(tablePath.resolve("landing"));
    Path link = Files.createSymbolicLink(landing.resolve("l.parquet"), outside);
    refused(t -> t.newAppend().appendFile(landing).register().commit(), link.toString(), "not inside the table");
  }

  @Test
  void registerRefusesALinkedFolderInsideTheTableThatLiesOutside() throws Exception {
    ParquetFiles.ids(dir.resolve("elsewhere/x.parquet"), 9);
    Path linked = Files.createSymbolicLink(tablePath.resolve("linked"), dir.resolve("elsewhere"));
    refused(t -> t.newAppend().appendFile(linked.resolve("x.parquet")).register().commit(),
        linked.resolve("x.parquet").toString(), "not inside the table");
  }

  @Test
  void pathThatIsNotATable() throws Exception {
    Path plain = Files.createDirectories(dir.resolve("plain"));
    DeltaLensException e = assertThrows(DeltaLensException.class, () -> DeltaLens.open(plain));
    assertTrue(e.getMessage().contains("not a Delta table: " + plain), e.getMessage());
  }

  @Test
  void versionOutOfRangeNamesTheLatest() {
    DeltaLensException e = assertThrows(DeltaLensException.class, () -> table.toTable(7));
    assertEquals("version 7 does not exist in " + tablePath + ": the latest version is 1", e.getMessage());
  }
}
