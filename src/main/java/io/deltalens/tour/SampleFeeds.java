package io.deltalens.tour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Feeds shaped like the seed's: {@code id, name, amount}, 64-bit integers and a string, two rows each.
 * Feed n holds ids 2n-1 and 2n, so any version's rows say which feeds it holds.
 */
public final class SampleFeeds {
  public static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message feed { optional int64 id; optional binary name (STRING); optional int64 amount; }");
  private static final String[] NAMES = {"alice", "bob", "carol", "dave", "erin", "frank", "grace",
      "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent",
      "victor", "walter", "xena", "yusuf", "zoe"};

  private SampleFeeds() {}

  /** Writes {@code dir/feed_n.parquet} and returns its path. */
  public static Path write(Path dir, int n) {
    Path file = dir.resolve("feed_" + n + ".parquet");
    SimpleGroupFactory rows = new SimpleGroupFactory(SCHEMA);
    try {
      Files.createDirectories(dir);
      try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
          .withType(SCHEMA)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
          .build()) {
        for (long id = 2L * n - 1; id <= 2L * n; id++) {
          writer.write(rows.newGroup()
              .append("id", id)
              .append("name", NAMES[(int) ((id - 1) % NAMES.length)])
              .append("amount", id * 10));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }
}
