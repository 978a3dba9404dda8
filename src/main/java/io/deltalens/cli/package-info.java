/**
 * The command line, {@code bin/deltalens}: a contract other tools and tests drive. Exit 0 on success,
 * 1 on bad input or a failed operation (one line naming the file, column or version), 2 on a usage
 * error; {@code --format json} prints one JSON object per line, {@code text} aligned tables.
 */
package io.deltalens.cli;
