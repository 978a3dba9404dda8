/**
 * The Delta Kernel engine deltalens runs on: Kernel's default engine, built once, with a columnar parquet
 * reader in front of Kernel's own ({@link io.deltalens.engine.ColumnarParquetHandler}: flat columns
 * straight into primitive arrays, Kernel's reader for everything else), quiet logging, no checksum side
 * files, a log store whose put-if-absent holds across processes on a local disk and whose listing stats
 * only the files Kernel reads, and work beside the caller's thread ({@link io.deltalens.engine.Prefetch},
 * {@link io.deltalens.engine.Background}).
 */
package io.deltalens.engine;
