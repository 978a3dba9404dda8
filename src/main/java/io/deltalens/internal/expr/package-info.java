/**
 * The small SQL-like expression language deltalens reads: row filters ({@code Filters}), typed literals as
 * filters and partition folder names write them ({@code Literals}), column names resolved as Spark resolves
 * them ({@code ColumnNames}), and the tokenizer the filter and generation-expression parsers share
 * ({@code Tokens}). A leaf: the read side, the write side and the row rules all use it.
 */
package io.deltalens.internal.expr;
