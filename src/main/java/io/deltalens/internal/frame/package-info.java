/**
 * Kernel's columnar batches as Tablesaw frames: column by column, with primitive appends for numbers (no
 * boxing on the hot path), nulls kept as Tablesaw's missing values and nested and variant values as JSON
 * text, one Tablesaw column per Delta type by one mapping ({@code FrameBuilder}, also for the typed
 * statistics of the file views); values and counts as text ({@code ValueText}, {@code Words}).
 */
package io.deltalens.internal.frame;
