/**
 * Log and checkpoint reading: scans of any version (by number or timestamp) with projection, filters
 * pushed to Kernel for file skipping, row limits and streamed frames, files in the order they were added;
 * snapshots by version and time; the log's files and statistics JSON, which {@link io.deltalens.views}
 * shows. Filters are parsed by {@link io.deltalens.expr}.
 */
package io.deltalens.read;
