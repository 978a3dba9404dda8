/**
 * Parquet footers: reading them fast and in parallel, turning their schema into a Delta schema and their
 * column-chunk statistics into Delta file statistics (numRecords, minValues, maxValues, nullCount) without
 * reading a single row. This is what register mode stands on.
 */
package io.deltalens.parquet;
