package io.deltalens;

import io.deltalens.internal.storage.Location;
import io.deltalens.internal.write.AppendCommit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * One append to a table, built fluently and committed once:
 * {@code table.newAppend().appendFile(path).register().txn("job", 7).commit()}, or
 * {@code DeltaLens.append(location)...} for a table that an append may create.
 *
 * <p>Every input is checked (footer readable, schema compatible, NOT NULL columns free of nulls, in copy
 * mode every row against the table's CHECK constraints, generated and identity columns) before anything
 * is committed; a failure leaves the table as it was. Concurrent appends all land, each in its own
 * version; a transaction id that is already committed makes the append a no-op.
 */
public final class Append {
  private final Location table;
  private final List<Location> inputs = new ArrayList<>();
  private AppendMode mode = AppendMode.COPY;
  private boolean mergeSchema;
  private String appId;
  private long txnVersion;
  private Consumer<String> progress = message -> {};
  private boolean statsFromData = true;
  private boolean createIfAbsent;

  Append(Location table) {
    this.table = table;
  }

  /** Where the table lives (or, with {@link #createIfAbsent()}, will): its local folder or {@code s3://} URI. */
  public String location() {
    return table.toString();
  }

  /** Adds a parquet file, or every parquet file under a folder. */
  public Append appendFile(Path fileOrDir) {
    inputs.add(Location.local(fileOrDir));
    return this;
  }

  /** Adds a parquet file or folder: a local path or an {@code s3://} URI (an object, or every one under a prefix). */
  public Append appendFile(String fileOrDir) {
    inputs.add(Location.of(fileOrDir));
    return this;
  }

  public Append appendFiles(Collection<Path> filesOrDirs) {
    filesOrDirs.forEach(this::appendFile);
    return this;
  }

  /** Files or folders as paths or {@code s3://} URIs, as jshell users type them. */
  public Append appendFiles(String... filesOrDirs) {
    for (String fileOrDir : filesOrDirs) {
      appendFile(fileOrDir);
    }
    return this;
  }

  public Append mode(AppendMode mode) {
    this.mode = mode;
    return this;
  }

  /** Rows are read and written as new files inside the table (the default). */
  public Append copy() {
    return mode(AppendMode.COPY);
  }

  /** Files under the table's folder (or prefix) are added as they lie, with statistics from their footers. */
  public Append register() {
    return mode(AppendMode.REGISTER);
  }

  /** Lets files bring new columns; they are added to the table schema as nullable columns. */
  public Append mergeSchema() {
    return mergeSchema(true);
  }

  public Append mergeSchema(boolean merge) {
    this.mergeSchema = merge;
    return this;
  }

  /**
   * Makes the append exactly-once: it commits only if {@code version} is above the last version
   * committed for {@code appId}; otherwise it reports "already committed" and changes nothing.
   */
  public Append txn(String appId, long version) {
    if (appId == null || appId.isBlank() || version < 0) {
      throw new DeltaLensException("a transaction id needs an appId and a version >= 0");
    }
    this.appId = appId;
    this.txnVersion = version;
    return this;
  }

  /**
   * Register mode: whether columns whose footers lack statistics (Spark's INT96 timestamps, files written
   * without them) get statistics from their values, reading just those column chunks. On by default.
   */
  public Append statsFromData(boolean compute) {
    this.statsFromData = compute;
    return this;
  }

  /**
   * When no table is there yet, the commit creates it holding these files: version 0, one commit, as
   * Spark's and delta-rs's first write to a path do. Its columns are the files' (they must agree; with
   * {@link #mergeSchema()}, their union), unpartitioned. When a table is there (also one another writer
   * created a moment before), this is a plain append to it.
   */
  public Append createIfAbsent() {
    this.createIfAbsent = true;
    return this;
  }

  /** Receives a line for each step of long work (footers read, files written). */
  public Append progress(Consumer<String> progress) {
    this.progress = progress;
    return this;
  }

  /** Checks the inputs, writes (copy mode) and commits one version; returns what it did. */
  public AppendResult commit() {
    if (inputs.isEmpty()) {
      throw new DeltaLensException("nothing to append: name at least one parquet file or folder");
    }
    return AppendCommit.run(new AppendCommit.Request(
        table, List.copyOf(inputs), mode, mergeSchema, appId, txnVersion, statsFromData, progress, createIfAbsent));
  }
}
