package io.deltalens;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltalens.internal.parquet.Footers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Copy mode into column-mapping tables writes physical names and field ids; register mode is refused. */
class ColumnMappingTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"name", "id"})
  void copyWritesPhysicalNamesFieldIdsAndPhysicalStats(String mode) {
    Path tablePath = dir.resolve("cm");
    DeltaTable table = DeltaLens.create(tablePath).schema("id long, name string, day date")
        .partitionBy("day").property("delta.columnMapping.mode", mode).commit();
    Path rows = ParquetFiles.write(dir.resolve("in.parquet"),
        "message m { optional int64 id; optional binary name (STRING); optional int32 day (DATE); }",
        List.of(g -> g.append("id", 1L).append("name", "a").append("day", 19723),
            g -> g.append("id", 2L).append("name", "b").append("day", 19724)));
    assertEquals(2, table.newAppend().appendFile(rows).commit().filesAdded());

    Table back = table.toTable().sortAscendingOn("id");
    assertEquals(List.of(1L, 2L), back.longColumn("id").asList());
    assertEquals(List.of("a", "b"), back.stringColumn("name").asList());
    assertEquals(Set.of(1L), new TreeSet<>(table.read().where("day = '2024-01-01'").toTable().longColumn("id").asList()));

    JsonNode add = TableFiles.adds(tablePath, 1).get(0);
    MessageType fileSchema = Footers.read(tablePath.resolve(URLDecoder.decode(add.get("path").asText(),
        StandardCharsets.UTF_8))).metadata().getFileMetaData().getSchema();
    assertEquals(2, fileSchema.getFieldCount(), "partition column not in the file: " + fileSchema);
    assertTrue(fileSchema.getFields().stream().allMatch(f -> f.getName().startsWith("col-")),
        "physical names: " + fileSchema);
    // field ids are what id mode reads by (name mode reads by physical name, as Kernel writes it)
    assertEquals(mode.equals("id"), fileSchema.getFields().stream().allMatch(f -> f.getId() != null), fileSchema.toString());
    JsonNode stats = TableFiles.stats(add);
    Map.Entry<String, JsonNode> idStat = stats.get("minValues").fields().next();
    assertTrue(idStat.getKey().startsWith("col-"), "stats keyed by physical name: " + stats);
    assertFalse(add.get("partitionValues").has("day"), "partition values keyed by physical name: " + add);
  }

  @Test
  void registerIsRefusedByName() {
    Path tablePath = dir.resolve("cm");
    DeltaTable table = DeltaLens.create(tablePath).schema("id long, name string")
        .property("delta.columnMapping.mode", "name").commit();
    Map<String, String> before = TableFiles.fingerprint(tablePath);
    ParquetFiles.ids(tablePath.resolve("landing/a.parquet"), 1);
    DeltaLensException register = assertThrows(DeltaLensException.class,
        () -> table.newAppend().appendFile(tablePath.resolve("landing")).register().commit());
    assertTrue(register.getMessage().contains("column mapping") && register.getMessage().contains("copy mode"),
        register.getMessage());
    before.keySet().forEach(k -> assertEquals(before.get(k), TableFiles.fingerprint(tablePath).get(k)));
    assertEquals(0, table.version());
  }

  @ParameterizedTest
  @ValueSource(strings = {"name", "id"})
  void schemaEvolutionGivesNewColumnsFieldIdsAndPhysicalNames(String mode) {
    Path tablePath = dir.resolve("cm");
    DeltaTable table = DeltaLens.create(tablePath).schema("id long, name string")
        .property("delta.columnMapping.mode", mode).commit();
    Path wider = ParquetFiles.write(dir.resolve("w.parquet"),
        "message m { optional int64 id; optional binary name (STRING); optional int32 x; }",
        List.of(g -> g.append("id", 1L).append("name", "n").append("x", 7)));
    assertEquals(List.of("x"), table.newAppend().appendFile(wider).mergeSchema().commit().addedColumns());

    assertEquals(List.of(7), table.toTable().intColumn("x").asList());
    JsonNode metadata = TableFiles.metadata(tablePath, 1);
    assertEquals("3", metadata.get("configuration").get("delta.columnMapping.maxColumnId").asText());
    JsonNode x = TableFiles.field(metadata, "x");
    assertEquals(3, x.get("metadata").get("delta.columnMapping.id").asInt(), x.toString());
    String physical = x.get("metadata").get("delta.columnMapping.physicalName").asText();
    assertTrue(physical.startsWith("col-"), x.toString());
    MessageType fileSchema = Footers.read(tablePath.resolve(URLDecoder.decode(
        TableFiles.adds(tablePath, 1).get(0).get("path").asText(), StandardCharsets.UTF_8)))
        .metadata().getFileMetaData().getSchema();
    assertTrue(fileSchema.containsField(physical), "the new column is written by its physical name: " + fileSchema);
  }
}
