/**
 * Showing tables to people: aligned text tables for jshell and the command line, HTML tables for
 * notebooks; both mark nulls, right-align numbers and say how many rows and columns were left out.
 */
package io.deltalens.display;
