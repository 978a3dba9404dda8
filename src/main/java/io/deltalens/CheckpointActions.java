package io.deltalens;

import io.deltalens.internal.frame.Words;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A checkpoint's actions grouped by kind — protocol, metaData, txn, domainMetadata, sidecar, add, remove —
 * each a table of only its own fields. A notebook shows every kind as its own table; {@link #get} gives one.
 */
public final class CheckpointActions {
  private final String name;
  private final Map<String, Table> byKind;

  CheckpointActions(String name, Map<String, Table> byKind) {
    this.name = name;
    this.byKind = byKind;
  }

  /** The checkpoint file's name. */
  public String name() {
    return name;
  }

  /** The kinds of action the checkpoint holds, in reading order. */
  public List<String> kinds() {
    return List.copyOf(byKind.keySet());
  }

  /** The actions of one kind ("add", "metaData", ...); a kind it does not hold is an error naming those it does. */
  public Table get(String kind) {
    Table actions = byKind.get(kind);
    if (actions == null) {
      throw new DeltaLensException("checkpoint " + name + " has no " + kind + " actions; it has " + kinds());
    }
    return actions;
  }

  /** One row per kind: how many actions and which fields. */
  public Table summary() {
    StringColumn kind = StringColumn.create("kind");
    IntColumn actions = IntColumn.create("actions");
    StringColumn fields = StringColumn.create("fields");
    byKind.forEach((k, t) -> {
      kind.append(k);
      actions.append(t.rowCount());
      fields.append(String.join(", ", t.columnNames()));
    });
    return Table.create(name + " — " + Words.count(byKind.values().stream().mapToInt(Table::rowCount).sum(),
        "action"), kind, actions, fields);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(TextTable.render(summary(), byKind.size(), 160));
    byKind.values().forEach(t -> text.append('\n').append(TextTable.render(t, 10, 160)));
    return text.toString();
  }
}
