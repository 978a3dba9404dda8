/**
 * Table upkeep that changes no rows: {@code Verification} checks that a version's files are there with their
 * recorded sizes, that their statistics bound their data, and that the checkpoint agrees with the commits;
 * {@code UnreferencedFiles} (vacuum) deletes the data and deletion vector files no version inside the retention
 * window needs. (Compaction, which commits, lives with the other writers in {@code internal.write}.)
 */
package io.deltalens.internal.upkeep;
