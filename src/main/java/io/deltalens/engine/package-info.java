/**
 * The Delta Kernel engine deltalens runs on: one shared {@code DefaultEngine}, quiet logging, no
 * checksum side files, and a log store whose put-if-absent holds across processes on a local disk.
 */
package io.deltalens.engine;
