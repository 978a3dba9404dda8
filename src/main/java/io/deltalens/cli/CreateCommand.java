package io.deltalens.cli;

import io.deltalens.CreateTable;
import io.deltalens.DeltaLens;
import io.deltalens.DeltaTable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create",
    description = "Create a table (version 0) from a schema or from a parquet file's schema.")
final class CreateCommand implements Runnable {
  @Parameters(index = "0", paramLabel = "<table>", description = "Table folder or s3:// URI.")
  Path table;

  @ArgGroup(exclusive = true, multiplicity = "1")
  SchemaSource source;

  static final class SchemaSource {
    @Option(names = "--from-parquet", paramLabel = "<file-or-folder>",
        description = "Take the schema from this parquet file's footer (or a folder's files, which must agree).")
    Path parquet;

    @Option(names = "--schema", paramLabel = "<schema>",
        description = "Delta schema JSON, or columns like 'id long not null, name string'.")
    String schema;
  }

  @Option(names = "--partition-by", split = ",", paramLabel = "<column>", description = "Partition columns, comma-separated.")
  List<String> partitionBy = List.of();

  @Option(names = "--if-absent", description = "When the table exists already, leave it as it is (exit 0).")
  boolean ifAbsent;

  @Option(names = "--property", paramLabel = "<key=value>", description = "Table property key=value (repeatable).")
  Map<String, String> properties = new LinkedHashMap<>();

  @Mixin
  CommonOptions common;

  @Override
  public void run() {
    boolean existed = ifAbsent && DeltaLens.exists(table);
    CreateTable create = DeltaLens.create(table).partitionBy(partitionBy).properties(properties);
    if (ifAbsent) {
      create.ifAbsent();
    }
    create = source.parquet != null ? create.schemaFromParquet(source.parquet) : create.schema(source.schema);
    DeltaTable created = create.commit();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("table", created.location());
    long version = existed ? created.version() : 0;
    result.put("version", version);
    result.put("columns", created.schema().fieldNames());
    result.put("partitionColumns", created.partitionColumns());
    result.put("created", !existed);
    common.output().record(result, (existed ? "exists already: " + created.location() + " at version " + version
        : "created " + created.location() + " at version 0") + " with columns "
        + created.schema().fieldNames()
        + (partitionBy.isEmpty() ? "" : ", partitioned by " + partitionBy));
  }
}
