/**
 * Reading a table: snapshots by version and time ({@code Versions}), scans of a snapshot into frames with
 * projection, filters pushed to Kernel for file skipping, row limits and streamed chunks ({@code Scans}),
 * files in the order they were added, and the log's files and statistics JSON the views show.
 */
package io.deltalens.internal.read;
