/** deltalens: Delta Lake tables from Java without Spark. Start at {@link io.deltalens.DeltaLens}. */
package io.deltalens;
