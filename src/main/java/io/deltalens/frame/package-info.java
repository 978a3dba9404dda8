/**
 * Conversion to Tablesaw: Kernel's columnar batches become Tablesaw columns column by column, with
 * primitive appends for numbers (no boxing on the hot path), nulls kept as Tablesaw's missing values and
 * nested and variant values as JSON text, one Tablesaw column per Delta type by one mapping
 * ({@link io.deltalens.frame.FrameBuilder}, also for the typed statistics of the file views).
 */
package io.deltalens.frame;
