/**
 * Log and checkpoint reading: scans of any version (by number or timestamp) with projection, filters
 * pushed to Kernel for file skipping, row limits and streamed frames, files in the order they were added;
 * history, the files of a version with their statistics, the raw actions of a commit, checkpoints,
 * describe and diff. Filters are parsed by {@link io.deltalens.expr}.
 */
package io.deltalens.read;
