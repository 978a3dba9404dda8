package io.deltalens.internal.expr;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Expression;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.deltalens.DeltaLensException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a row filter written like SQL into a Kernel predicate:
 * {@code amount >= 10 and (name = 'bob' or name in ('carol', 'dave')) and day is not null}.
 * Comparisons ({@code = != <> < <= > >= <=>}) compare a column with a literal or another column;
 * literals are typed by the column (dates and timestamps as quoted ISO text, timestamps in UTC), and a
 * bare number against a string column is refused rather than compared as text. {@code [NOT] LIKE} takes
 * {@code %} and {@code _}. Column names match case-insensitively, as in Spark.
 */
public final class Filters {
  private static final Pattern TOKEN = Pattern.compile(
      "\\s*(?:(?<str>'(?:[^']|'')*')|(?<num>-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)"
          + "|(?<op><=>|<=|>=|<>|!=|==|=|<|>|\\(|\\)|,)|(?<id>`[^`]+`|[A-Za-z_][\\w.]*))");

  private final Tokens tokens;
  private final StructType schema;

  private Filters(String text, StructType schema) {
    this.schema = schema;
    this.tokens = new Tokens(TOKEN, text, "filter");
  }

  /** The predicate for {@code text} over columns of {@code schema}. */
  public static Predicate parse(String text, StructType schema) {
    Filters parser = new Filters(text, schema);
    Predicate predicate = parser.or();
    parser.tokens.requireEnd(text);
    return predicate;
  }

  private Predicate or() {
    Predicate left = and();
    while (tokens.accept("or")) {
      left = new Predicate("OR", left, and());
    }
    return left;
  }

  private Predicate and() {
    Predicate left = not();
    while (tokens.accept("and")) {
      left = new Predicate("AND", left, not());
    }
    return left;
  }

  private Predicate not() {
    if (tokens.accept("not")) {
      return new Predicate("NOT", not());
    }
    if (tokens.accept("(")) {
      Predicate inner = or();
      tokens.expect(")");
      return inner;
    }
    return comparison();
  }

  private Predicate comparison() {
    String first = tokens.next("a column name");
    if (first.matches("'.*|-?\\d.*")) {
      // "0 < id": a literal on the left, read as "id > 0"
      String op = tokens.next("a comparison operator");
      ColumnNames.Resolved right = resolve(tokens.next("a column name"));
      Expression value = literal(first, right.type(), right.name());
      return compare(right, FLIPPED.getOrDefault(op, op), value);
    }
    if (tokens.peek("(")) {
      throw new DeltaLensException("function " + first + "(...) is not supported; comparisons, IN, BETWEEN,"
          + " IS [NOT] NULL, AND, OR and NOT over columns and literals are");
    }
    ColumnNames.Resolved resolved = resolve(first);
    String name = resolved.name();
    Column column = new Column(resolved.path());
    DataType type = resolved.type();
    if (tokens.accept("is")) {
      boolean negated = tokens.accept("not");
      tokens.expect("null");
      return new Predicate(negated ? "IS_NOT_NULL" : "IS_NULL", column);
    }
    boolean negated = tokens.accept("not");
    if (tokens.accept("in")) {
      tokens.expect("(");
      Predicate any = null;
      do {
        Predicate eq = new Predicate("=", column, operand(type, name));
        any = any == null ? eq : new Predicate("OR", any, eq);
      } while (tokens.accept(","));
      tokens.expect(")");
      return negated ? new Predicate("NOT", any) : any;
    }
    if (tokens.accept("between")) {
      Expression low = operand(type, name);
      tokens.expect("and");
      Predicate between = new Predicate("AND",
          new Predicate(">=", column, low), new Predicate("<=", column, operand(type, name)));
      return negated ? new Predicate("NOT", between) : between;
    }
    if (tokens.accept("like")) {
      if (!(type instanceof StringType)) {
        throw new DeltaLensException("filter: LIKE compares strings; '" + name + "' is " + type);
      }
      Predicate like = new Predicate("LIKE", column, literal(tokens.next("a pattern for '" + name + "'"), type, name));
      return negated ? new Predicate("NOT", like) : like;
    }
    if (negated) {
      throw new DeltaLensException("filter: expected 'in', 'between' or 'like' after 'not' on '" + name + "'");
    }
    String op = tokens.next("a comparison operator");
    return compare(resolved, op, operand(type, name));
  }

  private static final Map<String, String> FLIPPED =
      Map.of("<", ">", "<=", ">=", ">", "<", ">=", "<=");

  private static Predicate compare(ColumnNames.Resolved column, String op, Expression right) {
    Expression left = new Column(column.path());
    switch (op) {
      case "==":
        return new Predicate("=", left, right);
      case "=":
      case "<":
      case "<=":
      case ">":
      case ">=":
        return new Predicate(op, left, right);
      case "<=>":
        return new Predicate("IS NOT DISTINCT FROM", left, right);
      case "!=":
      case "<>":
        return new Predicate("NOT", new Predicate("=", left, right));
      default:
        throw new DeltaLensException("filter: unknown operator '" + op + "' after '" + column.name()
            + "'; use = != <> < <= > >= <=>, [NOT] IN (...), [NOT] BETWEEN .. AND .., [NOT] LIKE, IS [NOT] NULL");
    }
  }

  /** A literal typed by the column it is compared with, or another column ("end >= start"). */
  private Expression operand(DataType type, String column) {
    String token = tokens.next("a value for '" + column + "'");
    if (token.matches("<=>|<=|>=|<>|!=|==|=|<|>|\\(|\\)|,")) {
      throw new DeltaLensException("filter: expected a value for '" + column + "', got '" + token + "'");
    }
    if (!token.startsWith("'") && token.matches("`.*`|[A-Za-z_][\\w.]*") && !token.equalsIgnoreCase("true")
        && !token.equalsIgnoreCase("false")) {
      return new Column(resolve(token).path()); // another column: "end >= start"
    }
    return literal(token, type, column);
  }

  private ColumnNames.Resolved resolve(String token) {
    return ColumnNames.resolve(schema, token.replace("`", ""), "filter: ");
  }

  private Literal literal(String token, DataType type, String column) {
    if (type instanceof StringType && token.matches("-?\\d.*")) {
      throw new DeltaLensException("filter: '" + column + "' is a string column and " + token
          + " a number; quote it ('" + token + "') to compare text");
    }
    String text = token.startsWith("'") ? token.substring(1, token.length() - 1).replace("''", "'") : token;
    try {
      return Literals.parse(text, type);
    } catch (IllegalArgumentException e) {
      throw new DeltaLensException("filter on '" + column + "': " + e.getMessage());
    }
  }

  /** The columns {@code expression} refers to, in order of appearance. */
  public static Set<Column> columns(Expression expression) {
    Set<Column> columns = new LinkedHashSet<>();
    collect(expression, columns);
    return columns;
  }

  private static void collect(Expression expression, Set<Column> columns) {
    if (expression instanceof Column column) {
      columns.add(column);
    }
    expression.getChildren().forEach(child -> collect(child, columns));
  }

  /**
   * The literal values {@code expression} compares {@code column} with ({@code id > 5 and id < 9}: 5 and
   * 9), in order: the bounds a chart draws over the column's ranges.
   */
  public static List<Object> comparedValues(Expression expression, String column) {
    List<Object> values = new ArrayList<>();
    collectValues(expression, column, values);
    return values;
  }

  private static void collectValues(Expression expression, String column, List<Object> values) {
    List<Expression> children = expression.getChildren();
    if (expression instanceof Predicate && children.size() == 2
        && children.stream().anyMatch(c -> c instanceof Column named
            && String.join(".", named.getNames()).equals(column))) {
      children.stream().filter(c -> c instanceof Literal).map(c -> ((Literal) c).getValue())
          .forEach(values::add);
      return;
    }
    children.forEach(child -> collectValues(child, column, values));
  }
}
