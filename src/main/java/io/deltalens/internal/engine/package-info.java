/**
 * The Delta Kernel engine deltalens runs on ({@code Kernel.engine()}): Kernel's default engine, built
 * once, with deltalens' columnar parquet reader ({@code internal.parquet}) and a log JSON reader
 * ({@code LogJsonHandler}: blank lines, empty {@code _last_checkpoint}, damaged lines named, void columns)
 * in front of Kernel's own, no checksum side files, a log store whose put-if-absent holds across
 * processes on a local disk ({@code AtomicLocalLogStore}), and work beside the caller's thread
 * ({@code Prefetch}, {@code Background}).
 */
package io.deltalens.internal.engine;
