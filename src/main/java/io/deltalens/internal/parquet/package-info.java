/**
 * Everything parquet, over parquet-mr: the one map between parquet and Delta types
 * ({@code ParquetSchemas}); footers read fast and in parallel (one read of a file's tail, parsed from
 * the array by thrift, {@code FooterBytes}, and kept lean of what deltalens never reads), with their column-chunk statistics turned
 * into Delta file statistics without reading a row ({@code FooterStats}, and {@code DataStats} for columns
 * whose footers carry none); the columnar reader Kernel's engine uses ({@code ColumnarParquetHandler}:
 * primitive columns straight into primitive arrays ({@code ColumnCursor}, {@code ColumnSink}), structs,
 * maps and lists of them from their levels ({@code FieldReader}: every action of a checkpoint), dictionaries
 * read in bulk, strings kept as their UTF-8 bytes, a row group's columns on every core through decompressors
 * threads share ({@code Decompressors}), a local file's row groups mapped into memory ({@code MappedFile}),
 * variant columns as JSON text, Kernel's reader for the rest)
 * and the columnar writer of copy mode, compaction and Kafka batches (primitives and structs of them); failures told with the file's name ({@code ParquetErrors}).
 */
package io.deltalens.internal.parquet;
