package io.deltalens;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Filters as Spark users type them: LIKE, any case of a column name, and no silent surprises. */
class FilterTest {
  @TempDir Path dir;
  DeltaTable table;

  @BeforeEach
  void table() {
    table = DeltaLens.create(dir.resolve("t")).schema("id long, name string, amount long").commit();
    table.newAppend().appendFile(ParquetFiles.write(dir.resolve("a.parquet"),
        "message m { optional int64 id; optional binary name (STRING); optional int64 amount; }",
        List.of(g -> g.append("id", 1L).append("name", "alice").append("amount", 5L),
            g -> g.append("id", 2L).append("name", "albert").append("amount", 50L),
            g -> g.append("id", 3L).append("name", "bob").append("amount", 500L),
            g -> g.append("id", 4L).append("name", "a_b").append("amount", 5000L)))).commit();
  }

  List<Long> ids(String filter) {
    return table.read().where(filter).toTable().longColumn("id").asList();
  }

  String refusal(String filter) {
    return assertThrows(DeltaLensException.class, () -> ids(filter)).getMessage();
  }

  @Test
  void likeAndNotLike() {
    assertEquals(List.of(1L, 2L, 4L), ids("name like 'a%'"));
    assertEquals(List.of(3L), ids("name not like 'a%'"));
    assertEquals(List.of(1L), ids("name LIKE 'al_ce'"));
    assertEquals(List.of(2L), ids("name like '%ert' and amount > 10"));
    assertTrue(refusal("amount like '5%'").contains("LIKE compares strings"));
  }

  @Test
  void columnNamesMatchInAnyCaseAndUnknownOnesNameTheClosest() {
    assertEquals(List.of(3L, 4L), ids("ID > 2"));
    assertEquals(List.of(3L), ids("Name = 'bob'"));
    assertEquals(List.of(1L, 2L), table.read().columns("ID").where("AMOUNT < 100").toTable().longColumn("id").asList());
    String unknown = refusal("amont > 3");
    assertTrue(unknown.contains("no column 'amont' (did you mean 'amount'?)"), unknown);
  }

  @Test
  void nothingIsAcceptedSilently() {
    String number = refusal("name > 3");
    assertTrue(number.contains("'name' is a string column and 3 a number; quote it ('3')"), number);
    assertEquals(List.of(3L), ids("name > 'az'"));
    String doubled = refusal("amount >> 3");
    assertEquals("filter: expected a value for 'amount', got '>'", doubled);
    String operator = refusal("amount ~ 3");
    assertTrue(operator.startsWith("cannot read the filter at '~ 3'") || operator.contains("unknown operator"), operator);
    assertTrue(!refusal("name likes 'a'").contains("column("), "no internal form");
  }
}
