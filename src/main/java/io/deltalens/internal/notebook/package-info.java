/**
 * deltalens in a Jupyter notebook (the JJava kernel): an extension the kernel finds in the jar by itself
 * (at start, or after {@code %maven io.deltalens:deltalens:<version>}) that evaluates the jshell helpers
 * and registers how deltalens' values show as a cell's result: frames as HTML tables, charts as
 * interactive Vega-Lite with a PNG beside it, a table handle as a summary.
 */
package io.deltalens.internal.notebook;
