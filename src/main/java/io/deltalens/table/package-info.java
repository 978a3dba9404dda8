/**
 * Table access and commits: opening and creating tables, appends in copy and register mode with schema
 * checks, schema evolution and exactly-once transaction ids, checkpoints, and the Kernel engine wiring
 * (including a log store whose put-if-absent holds across processes on a local disk).
 */
package io.deltalens.table;
