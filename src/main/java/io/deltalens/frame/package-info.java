/**
 * Conversion to Tablesaw: Kernel's columnar batches become Tablesaw columns column by column, with
 * primitive appends for numbers (no boxing on the hot path), nulls kept as Tablesaw's missing values and
 * nested values as JSON text. Tablesaw is best-effort maintained, so it is reached only through here.
 */
package io.deltalens.frame;
