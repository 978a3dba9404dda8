/**
 * The small SQL-like expression language deltalens reads: row filters ({@link io.deltalens.expr.Filters}),
 * typed literals as filters and partition folder names write them ({@link io.deltalens.expr.Literals}),
 * column names resolved as Spark resolves them ({@link io.deltalens.expr.ColumnNames}), and the tokenizer
 * the filter and generation-expression parsers share ({@link io.deltalens.expr.Tokens}). A leaf: the read
 * side, the write side and the row rules all use it.
 */
package io.deltalens.expr;
