package io.deltalens.internal.constraints;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.expressions.PredicateEvaluator;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.expr.Filters;
import io.deltalens.internal.storage.Location;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The rules of one table that every appended row must meet: identity columns get values above their
 * high-water mark, generated columns are computed (or, when the file has them, checked), then CHECK
 * constraints and NOT NULL hold for every row, or the append is refused naming the file, the row and
 * the rule. Built with {@link #of}, which refuses any expression it cannot evaluate exactly.
 *
 * <p>Usage per append: {@link #plan} with the input files in order, {@link #rowsOf} for each read of a
 * file (the same values on every read, so a partitioned copy may read a file more than once), then
 * {@link #schemaAfter} for the schema with the advanced high-water marks.
 */
public final class RowRules {
  static final String CONSTRAINT_PREFIX = "delta.constraints.";
  static final String GENERATION = "delta.generationExpression";
  static final String IDENTITY_START = "delta.identity.start";
  static final String IDENTITY_STEP = "delta.identity.step";
  static final String IDENTITY_HIGH_WATER_MARK = "delta.identity.highWaterMark";
  static final String IDENTITY_ALLOW_EXPLICIT_INSERT = "delta.identity.allowExplicitInsert";

  private record Check(String name, String text, PredicateEvaluator evaluator, List<Integer> columns) {}

  private record Generated(int ordinal, String text, GenerationExpression.Node expression) {}

  private record Identity(int ordinal, long start, long step, Long highWaterMark, boolean explicitAllowed) {
    long first() {
      return highWaterMark == null ? start : highWaterMark + step;
    }
  }

  /** An input file of the append: which table columns it holds, and how many rows. */
  public record InputFile(Location file, Set<String> columns, long rows) {}

  private final StructType schema;
  private final List<Check> checks = new ArrayList<>();
  private final List<Generated> generated = new ArrayList<>();
  private final List<Identity> identities = new ArrayList<>();
  private final Map<Location, InputFile> files = new HashMap<>();
  /** Per identity column: the number (in the append) of each file's first generated value. */
  private final List<Map<Location, Long>> identityOffsets = new ArrayList<>();
  private final List<Long> identityRows = new ArrayList<>();

  private RowRules(StructType schema) {
    this.schema = schema;
  }

  /** The rules of a table with {@code properties} and logical {@code schema}. */
  public static RowRules of(Map<String, String> properties, StructType schema, Location table) {
    RowRules rules = new RowRules(schema);
    new TreeMap<>(properties).forEach((key, text) -> {
      if (key.startsWith(CONSTRAINT_PREFIX)) {
        rules.addCheck(key.substring(CONSTRAINT_PREFIX.length()), text, table);
      }
    });
    for (int i = 0; i < schema.length(); i++) {
      StructField field = schema.at(i);
      FieldMetadata meta = field.getMetadata();
      if (meta.contains(GENERATION)) {
        rules.addGenerated(i, meta.getString(GENERATION), table);
      }
      if (meta.contains(IDENTITY_START)) {
        rules.identities.add(new Identity(i, meta.getLong(IDENTITY_START), meta.getLong(IDENTITY_STEP),
            meta.contains(IDENTITY_HIGH_WATER_MARK) ? meta.getLong(IDENTITY_HIGH_WATER_MARK) : null,
            Boolean.TRUE.equals(meta.getBoolean(IDENTITY_ALLOW_EXPLICIT_INSERT))));
      }
    }
    return rules;
  }

  private void addCheck(String name, String text, Location table) {
    Predicate predicate;
    try {
      predicate = Filters.parse(text, schema);
    } catch (DeltaLensException e) {
      throw new DeltaLensException(table + ": CHECK constraint '" + name + "' (" + text
          + ") is beyond what deltalens evaluates (" + e.getMessage() + "); the table is unchanged", e);
    }
    List<Integer> columns = Filters.columns(predicate).stream()
        .map(c -> schema.indexOf(c.getNames()[0])).collect(Collectors.toList());
    checks.add(new Check(name, text,
        Kernel.engine().getExpressionHandler().getPredicateEvaluator(schema, predicate), columns));
  }

  private void addGenerated(int ordinal, String text, Location table) {
    StructField field = schema.at(ordinal);
    try {
      GenerationExpression.Node expression = GenerationExpression.parse(text, schema);
      if (!compatible(expression.type(), field.getDataType())) {
        throw new IllegalArgumentException("it gives " + expression.type());
      }
      generated.add(new Generated(ordinal, text, expression));
    } catch (IllegalArgumentException | DeltaLensException e) {
      throw new DeltaLensException(table + ": generated column '" + field.getName() + "' ("
          + field.getDataType() + " GENERATED ALWAYS AS (" + text + ")) is beyond what deltalens"
          + " evaluates (" + e.getMessage() + "); the table is unchanged");
    }
  }

  private static boolean compatible(DataType expression, DataType column) {
    return expression.equivalent(column) || Values.isIntegral(expression) && Values.isIntegral(column);
  }

  public boolean isEmpty() {
    return checks.isEmpty() && generated.isEmpty() && identities.isEmpty();
  }

  /** Whether {@link #faults} can find a fault: the table has CHECK constraints or generated columns. */
  public boolean checksRows() {
    return !checks.isEmpty() || !generated.isEmpty();
  }

  /** The rules by name, e.g. {@code CHECK constraint 'positive' (id > 0)}. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    checks.forEach(c -> names.add("CHECK constraint '" + c.name() + "' (" + c.text() + ")"));
    generated.forEach(g -> names.add("generated column '" + name(g.ordinal()) + "' (" + g.text() + ")"));
    identities.forEach(i -> names.add("identity column '" + name(i.ordinal()) + "'"));
    return names;
  }

  /** Columns an input file may leave out because the append fills them. */
  public Set<String> filledColumns() {
    Set<String> filled = new HashSet<>();
    generated.forEach(g -> filled.add(name(g.ordinal())));
    identities.forEach(i -> filled.add(name(i.ordinal())));
    return filled;
  }

  /**
   * Takes the append's input files in order: numbers the rows that get identity values, and refuses a
   * file that brings its own values for a GENERATED ALWAYS identity column.
   */
  public void plan(List<InputFile> inputs) {
    inputs.forEach(f -> files.put(f.file(), f));
    for (Identity identity : identities) {
      String column = name(identity.ordinal());
      Map<Location, Long> offsets = new HashMap<>();
      long rows = 0;
      for (InputFile input : inputs) {
        if (!input.columns().contains(column)) {
          offsets.put(input.file(), rows);
          rows += input.rows();
        } else if (!identity.explicitAllowed()) {
          throw new DeltaLensException(input.file() + ": column '" + column + "' is GENERATED ALWAYS AS"
              + " IDENTITY, so the file must not hold it; leave it out and deltalens assigns values"
              + " from " + identity.first());
        }
      }
      identityOffsets.add(offsets);
      identityRows.add(rows);
    }
  }

  /** The rows of {@code file}, batch by batch, with filled columns and every rule checked. */
  public UnaryOperator<ColumnarBatch> rowsOf(Location file) {
    InputFile input = Objects.requireNonNull(files.get(file), () -> file + " was not planned");
    long[] nextRow = {0};
    return batch -> {
      long firstRow = nextRow[0];
      nextRow[0] += batch.getSize();
      return apply(batch, input, firstRow);
    };
  }

  private ColumnarBatch apply(ColumnarBatch batch, InputFile input, long firstRow) {
    ColumnarBatch out = batch;
    for (int k = 0; k < identities.size(); k++) {
      Identity identity = identities.get(k);
      Long offset = identityOffsets.get(k).get(input.file());
      if (offset != null) {
        Object[] values = new Object[batch.getSize()];
        for (int row = 0; row < values.length; row++) {
          values[row] = identity.first() + identity.step() * (offset + firstRow + row);
        }
        out = replace(out, identity.ordinal(), values);
      }
    }
    Faults refuse = (b, row, what, columns) -> {
      throw new DeltaLensException(input.file() + ": row " + (firstRow + row + 1) + " " + what
          + shown(b, row, columns) + "; nothing was appended");
    };
    for (Generated column : generated) {
      out = generate(out, column, input.columns().contains(name(column.ordinal())), refuse);
    }
    for (Check check : checks) {
      check(out, check, refuse);
    }
    return out;
  }

  /**
   * Per row of {@code batch} (the table's columns, filled ones still empty), why an append would refuse it
   * — a generated column that cannot be computed or is NULL where it may not be, a CHECK constraint it
   * violates, with the values concerned — or null where it passes. CHECK constraints on identity columns
   * are left to the append (their values are assigned there).
   */
  public String[] faults(ColumnarBatch batch) {
    String[] faults = new String[batch.getSize()];
    Faults keep = (b, row, what, columns) -> {
      if (faults[row] == null) {
        faults[row] = what + shown(b, row, columns);
      }
    };
    ColumnarBatch out = batch;
    for (Generated column : generated) {
      out = generate(out, column, false, keep);
    }
    Set<Integer> identityColumns = identities.stream().map(Identity::ordinal).collect(Collectors.toSet());
    for (Check check : checks) {
      if (check.columns().stream().noneMatch(identityColumns::contains)) {
        check(out, check, keep);
      }
    }
    return faults;
  }

  /** What is done with a row that breaks a rule: {@code what}, shown with the values of {@code columns}. */
  private interface Faults {
    void at(ColumnarBatch batch, int row, String what, List<Integer> columns);
  }

  private ColumnarBatch generate(ColumnarBatch batch, Generated column, boolean given, Faults faults) {
    StructField field = schema.at(column.ordinal());
    ColumnVector existing = batch.getColumnVector(column.ordinal());
    Object[] values = new Object[batch.getSize()];
    for (int row = 0; row < values.length; row++) {
      try {
        values[row] = column.expression().eval(batch, row);
        if (values[row] != null && Values.isIntegral(field.getDataType())) {
          values[row] = GenerationExpression.inRange((Long) values[row], field.getDataType());
        }
      } catch (GenerationExpression.RowError e) {
        faults.at(batch, row, "generated column '" + field.getName() + "' (" + column.text()
            + ") cannot be computed: " + e.getMessage(), List.of());
        continue;
      }
      if (given && !Objects.equals(values[row], Values.at(existing, row))) {
        faults.at(batch, row, "holds " + field.getName() + "="
            + Values.show(Values.at(existing, row), field.getDataType()) + ", but the generated column is "
            + column.text() + " = " + Values.show(values[row], field.getDataType()), List.of());
      } else if (values[row] == null && !field.isNullable()) {
        faults.at(batch, row, "NOT NULL column '" + field.getName() + "' would be NULL (" + column.text() + ")",
            List.of());
      }
    }
    return given ? batch : replace(batch, column.ordinal(), values);
  }

  private void check(ColumnarBatch batch, Check check, Faults faults) {
    ColumnVector result = check.evaluator().eval(batch, Optional.empty());
    for (int row = 0; row < batch.getSize(); row++) {
      // as in Spark, a row that makes the expression NULL violates it too
      if (result.isNullAt(row) || !result.getBoolean(row)) {
        faults.at(batch, row, "violates CHECK constraint '" + check.name() + "' (" + check.text() + ")",
            check.columns());
      }
    }
  }

  /** " with a=1, b=x": the values of {@code columns} in {@code row}, or nothing for none. */
  private String shown(ColumnarBatch batch, int row, List<Integer> columns) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int ordinal : columns) {
      DataType type = schema.at(ordinal).getDataType();
      values.put(name(ordinal), Values.show(Values.at(batch.getColumnVector(ordinal), row), type));
    }
    return values.isEmpty() ? "" : " with " + values.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
  }

  private ColumnarBatch replace(ColumnarBatch batch, int ordinal, Object[] values) {
    StructField field = schema.at(ordinal);
    return batch.withDeletedColumnAt(ordinal)
        .withNewColumn(ordinal, field, Values.vector(field.getDataType(), values));
  }

  /**
   * {@code current} (the table's schema, possibly with added columns) with each identity column's
   * high-water mark moved to the last value this append assigned; the same instance when none moved.
   */
  public StructType schemaAfter(StructType current) {
    StructType result = current;
    for (int k = 0; k < identities.size(); k++) {
      long rows = identityRows.get(k);
      if (rows == 0) {
        continue;
      }
      Identity identity = identities.get(k);
      StructField field = result.at(identity.ordinal());
      FieldMetadata moved = FieldMetadata.builder().fromMetadata(field.getMetadata())
          .putLong(IDENTITY_HIGH_WATER_MARK, identity.first() + identity.step() * (rows - 1)).build();
      List<StructField> fields = new ArrayList<>(result.fields());
      fields.set(identity.ordinal(), field.withNewMetadata(moved));
      result = new StructType(fields);
    }
    return result;
  }

  private String name(int ordinal) {
    return schema.at(ordinal).getName();
  }
}
