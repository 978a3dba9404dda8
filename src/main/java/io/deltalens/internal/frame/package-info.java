/**
 * Kernel's columnar batches as Tablesaw frames: column by column into Tablesaw's own storage form (primitive
 * arrays with its missing-value sentinels, dates and times packed as it packs them: {@code Packed}; strings
 * as codes, looked up by their UTF-8 bytes ({@code TextCodes}) and made into its dictionary once:
 * {@code StringColumns}; the columns made over those arrays, not
 * copies of them: {@code ColumnsOver}), nested and variant values as JSON text, one
 * Tablesaw column per Delta type by one mapping ({@code FrameBuilder}, also for the typed statistics of the
 * file views); values and counts as text ({@code ValueText}, {@code Words}).
 */
package io.deltalens.internal.frame;
