/**
 * Views of a table's log for people: history (as Spark's DESCRIBE HISTORY), the live files of a version with
 * their typed statistics and what data skipping keeps, the raw actions of a commit, checkpoints of every kind,
 * describe and diff. Each is a Tablesaw table, for text, HTML, JSON and CSV alike; the history also as a text
 * timeline ({@code HistoryChart}).
 */
package io.deltalens.internal.views;
