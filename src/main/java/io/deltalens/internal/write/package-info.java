/**
 * Writing a table: version 0 ({@code TableCreation}); appends ({@code AppendCommit}) in copy and register
 * mode behind one interface ({@code FileMode}) with schema checks, schema evolution, partition folders and
 * exactly-once transaction ids; compaction ({@code Compaction}: a rewrite that changes no data); building Kernel
 * transactions ({@code Transactions}); checkpoints. It takes
 * the table's path: the handle in {@code io.deltalens} sits above it.
 */
package io.deltalens.internal.write;
