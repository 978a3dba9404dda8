/**
 * Table access and commits: {@link io.deltalens.table.DeltaTable}, the handle a user holds; creating
 * tables; appends in copy and register mode (one interface, {@code FileMode}, below the handle: the write
 * machinery takes the table's path) with schema checks, schema evolution and exactly-once transaction ids;
 * checkpoints.
 */
package io.deltalens.table;
