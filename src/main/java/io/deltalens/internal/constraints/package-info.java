/**
 * What a table asks of every row an append writes, beyond its schema: CHECK constraints, generated
 * columns and identity columns, as Spark and Databricks define them. Kernel 4.4 refuses to write such
 * tables; deltalens evaluates the expressions it can evaluate exactly and refuses the others by name.
 * Expressions are parsed by {@code internal.expr}.
 */
package io.deltalens.internal.constraints;
