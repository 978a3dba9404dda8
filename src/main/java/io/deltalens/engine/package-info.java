/**
 * The Delta Kernel engine deltalens runs on: Kernel's default engine, built once, with a columnar parquet
 * reader in front of Kernel's own ({@link io.deltalens.engine.ColumnarParquetHandler}: flat columns
 * straight into primitive arrays, variant columns as JSON text, Kernel's reader for everything else) and a
 * log JSON reader in front of Kernel's ({@code LogJsonHandler}: blank lines, empty {@code _last_checkpoint},
 * damaged lines named, {@link io.deltalens.engine.VoidTypes void} columns), quiet logging, no checksum side
 * files, a log store whose put-if-absent holds across processes on a local disk and whose listing stats
 * only the files Kernel reads, and work beside the caller's thread ({@link io.deltalens.engine.Prefetch},
 * {@link io.deltalens.engine.Background}). {@link io.deltalens.engine.KernelInternals} is the one door to
 * Kernel's internal classes.
 */
package io.deltalens.engine;
