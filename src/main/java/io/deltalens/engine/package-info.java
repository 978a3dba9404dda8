/**
 * The Delta Kernel engine deltalens runs on: one shared {@code DefaultEngine}, quiet logging, no
 * checksum side files, a log store whose put-if-absent holds across processes on a local disk, and
 * reading ahead on a second thread ({@link io.deltalens.engine.Prefetch}).
 */
package io.deltalens.engine;
