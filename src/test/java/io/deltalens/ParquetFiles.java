package io.deltalens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** Writes real parquet files with exactly the physical layout a test needs (parquet-hadoop's writer). */
public final class ParquetFiles {
  private ParquetFiles() {}

  /** Writes {@code rows} (each fills one record) with the parquet schema {@code schemaText}. */
  public static Path write(Path file, String schemaText, List<Consumer<Group>> rows) {
    return write(file, schemaText, rows, UnaryOperator.identity());
  }

  /** As {@link #write(Path, String, List)}, with writer settings (encodings, page and row-group sizes). */
  public static Path write(Path file, String schemaText, List<Consumer<Group>> rows,
      UnaryOperator<ExampleParquetWriter.Builder> settings) {
    MessageType schema = MessageTypeParser.parseMessageType(schemaText);
    SimpleGroupFactory factory = new SimpleGroupFactory(schema);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (ParquetWriter<Group> writer = settings.apply(ExampleParquetWriter.builder(new LocalOutputFile(file))
          .withType(schema)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE))
          .build()) {
        for (Consumer<Group> row : rows) {
          Group group = factory.newGroup();
          row.accept(group);
          writer.write(group);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** A file of {@code id long, name string} rows with the given ids (name = "n" + id). */
  public static Path ids(Path file, long... ids) {
    return write(file, "message t { optional int64 id; optional binary name (STRING); }",
        java.util.Arrays.stream(ids)
            .<Consumer<Group>>mapToObj(id -> g -> g.append("id", id).append("name", "n" + id))
            .toList());
  }
}
