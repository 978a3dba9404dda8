/**
 * Parquet footers: reading them fast and in parallel, turning their schema into a Delta schema and their
 * column-chunk statistics into Delta file statistics (numRecords, minValues, maxValues, nullCount) without
 * reading a single row (and, for columns whose footers carry none, from those columns' values alone:
 * {@link io.deltalens.parquet.DataStats}). This is what register mode stands on; parquet-mr's failures are
 * told with the file's name ({@link io.deltalens.parquet.ParquetErrors}).
 */
package io.deltalens.parquet;
