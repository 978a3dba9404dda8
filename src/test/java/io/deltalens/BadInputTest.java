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

  /**
   * Garbled pages (dictionary and data pages, their headers and snappy-compressed values, at twenty spots
   * across a file's column chunks): a read of the table that holds the file, and a copy-append of it, fail
   * with one line naming the file, and the copy leaves its table as it was; never another exception. With
   * page checksums (parquet-mr writes them, as deltalens and Spark do) every spot is caught; without (pyarrow's
   * default), a garbled value can only read as another value, but ids beyond the dictionary are caught.
   */
  @Test
  void damagedPagesAreNamedOnReadAndOnCopy() throws Exception {
    for (boolean checksums : new boolean[] {true, false}) {
      List<Consumer<org.apache.parquet.example.data.Group>> rows = new java.util.ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        long id = i;
        rows.add(g -> g.append("id", id).append("name", "name-" + id % 300));
      }
      Path readTable = dir.resolve("read-" + checksums);
      Path registered = readTable.resolve("pages.parquet");
      byte[] bytes = Files.readAllBytes(ParquetFiles.write(registered,
          "message t { optional int64 id; optional binary name (STRING); }", rows,
          b -> b.withCompressionCodec(org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY)
              .withPageSize(8192).withDictionaryEncoding(true).withPageWriteChecksumEnabled(checksums)));
      DeltaLens.create(readTable).schemaFromParquet(registered).commit()
          .newAppend().appendFile(registered).register().commit();
      long[] chunks = chunkBytes(registered);
      Path copied = dir.resolve("damaged.parquet");
      int caught = 0;
      boolean idsCaught = false;
      for (int trial = 0; trial < 20; trial++) {
        int at = (int) (chunks[0] + (chunks[1] - chunks[0] - 16) * trial / 19);
        byte[] damaged = bytes.clone();
        Arrays.fill(damaged, at, at + 16, (byte) (trial % 2 == 0 ? 0xff : 0x00));
        Files.write(registered, damaged);
        Files.write(copied, damaged);
        try {
          DeltaLens.open(readTable).toTable();
          assertTrue(!checksums, "a page with a checksum read though bytes " + at + "-" + (at + 16) + " were garbled");
          continue;
        } catch (DeltaLensException e) {
          assertTrue(e.getMessage().contains(registered.toString()) && !e.getMessage().contains("\n"),
              "one line naming the file: " + e.getMessage());
          idsCaught |= e.getMessage().contains("names dictionary entry");
          caught++;
        }
        refused(t -> t.newAppend().appendFile(copied).commit(), copied.toString());
      }
      assertTrue(checksums || idsCaught, "no garbled dictionary id was caught");
    }
  }

  /**
   * One bit flipped in an uncompressed page of plain longs still decodes, as another value: only the page's
   * checksum tells, and the read fails naming the file instead of returning that value.
   */
  @Test
  void aFlippedBitInAValueFailsThePagesChecksum() throws Exception {
    Path readTable = dir.resolve("rot");
    Path registered = readTable.resolve("plain.parquet");
    byte[] bytes = Files.readAllBytes(ParquetFiles.write(registered, "message t { required int64 id; }",
        java.util.stream.LongStream.range(0, 1000).<Consumer<org.apache.parquet.example.data.Group>>mapToObj(
            id -> g -> g.append("id", id)).toList(),
        b -> b.withDictionaryEncoding(false).withPageWriteChecksumEnabled(true)));
    DeltaLens.create(readTable).schemaFromParquet(registered).commit()
        .newAppend().appendFile(registered).register().commit();
    long[] chunks = chunkBytes(registered);
    bytes[(int) (chunks[0] + chunks[1]) / 2] ^= 0x10;
    Files.write(registered, bytes);
    DeltaLensException e = assertThrows(DeltaLensException.class, () -> DeltaLens.open(readTable).toTable());
    assertTrue(e.getMessage().contains(registered.toString()) && e.getMessage().contains("checksum"), e.getMessage());
  }

  /** The first and last byte of a file's column chunks (its pages). */
  private static long[] chunkBytes(Path file) throws java.io.IOException {
    try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
        new org.apache.parquet.io.LocalInputFile(file))) {
      long first = Long.MAX_VALUE;
      long end = 0;
      for (var block : reader.getFooter().getBlocks()) {
        for (var column : block.getColumns()) {
          first = Math.min(first, column.getStartingPos());
          end = Math.max(end, column.getStartingPos() + column.getTotalSize());
        }
      }
      return new long[] {first, end};
    }
  }
}
