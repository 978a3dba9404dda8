/**
 * Kernel's types as deltalens uses them, and the one door to Kernel's internal classes
 * ({@code KernelInternals}, which says for each operation why the public API does not serve): schemas
 * parsed and named ({@code Schemas}), column vectors over arrays, iterators, Kernel values as JSON, void
 * columns. A leaf: it depends on Kernel alone.
 */
package io.deltalens.internal.kernel;
