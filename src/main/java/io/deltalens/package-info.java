/**
 * deltalens: Delta Lake tables from Java without Spark. This package is the whole public API: start at
 * {@link io.deltalens.DeltaLens}, which opens a {@link io.deltalens.DeltaTable} (reads, views, appends,
 * checkpoints) or starts a {@link io.deltalens.CreateTable}, a {@link io.deltalens.Landing} (files that land become
 * additions) or a {@link io.deltalens.KafkaIngest} (messages become appends); {@link io.deltalens.TextTable},
 * {@link io.deltalens.HtmlTable} and {@link io.deltalens.Plots} show what they return. Everything under
 * {@code io.deltalens.internal} may change in any release.
 */
package io.deltalens;
