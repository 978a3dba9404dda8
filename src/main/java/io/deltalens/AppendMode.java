package io.deltalens;

/** How an append brings parquet files into a table. */
public enum AppendMode {
  /** Read the rows and write them as new data files inside the table. Works for files anywhere. */
  COPY,
  /**
   * Add existing files under the table directory to the log without reading their rows: schema, row
   * count and statistics come from the parquet footers.
   */
  REGISTER
}
