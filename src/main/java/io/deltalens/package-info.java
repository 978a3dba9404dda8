/**
 * deltalens: Delta Lake tables from Java without Spark. This package is the whole public API: start at
 * {@link io.deltalens.DeltaLens}, which opens a {@link io.deltalens.DeltaTable} (reads, views, appends,
 * checkpoints) or starts a {@link io.deltalens.CreateTable}; {@link io.deltalens.TextTable},
 * {@link io.deltalens.HtmlTable} and {@link io.deltalens.Plots} show what they return. Everything under
 * {@code io.deltalens.internal} may change in any release.
 */
package io.deltalens;
