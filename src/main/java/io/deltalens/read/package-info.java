/**
 * Log and checkpoint reading: scans of any version (by number or timestamp) with projection, filters
 * pushed to Kernel for file skipping, and row limits; history, the files of a version with their
 * statistics, the raw actions of a commit, checkpoints, describe and diff.
 */
package io.deltalens.read;
