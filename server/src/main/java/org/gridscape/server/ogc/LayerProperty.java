package org.gridscape.server.ogc;

import java.util.List;
import java.util.Objects;

/**
 * One published attribute of a layer: its public name, the column it is read from and its type.
 * Only non-personal attributes are ever declared (DESIGN.md, Security and privacy).
 *
 * @param expression null for a plain column; otherwise a constant SQL expression (over the layer's
 *                   table, by its name) selected as {@code column}, e.g. a building's latest grade
 * @param values     the values a string property takes (an enum in its queryables), or empty when open
 */
public record LayerProperty(String name, String column, Type type, String description, String expression,
    List<String> values) {

  /** JSON/OpenAPI type of a property. */
  public enum Type {
    STRING("string", null), INTEGER("integer", null), NUMBER("number", null), BOOLEAN("boolean", null),
    DATETIME("string", "date-time");

    private final String jsonType;
    private final String format;

    Type(String jsonType, String format) {
      this.jsonType = jsonType;
      this.format = format;
    }

    public String jsonType() {
      return jsonType;
    }

    /** The JSON Schema format, or null. */
    public String format() {
      return format;
    }
  }

  public LayerProperty {
    Objects.requireNonNull(type, "type");
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("property name must be lower snake case, got " + name);
    }
    if (column == null || !column.matches("[a-z][a-z0-9_]*")) {
      // columns are spliced into SQL: only plain identifiers are accepted
      throw new IllegalArgumentException("column must be a plain identifier, got " + column);
    }
    description = description == null ? "" : description;
    values = values == null ? List.of() : List.copyOf(values);
  }

  public LayerProperty(String name, String column, Type type, String description) {
    this(name, column, type, description, null, List.of());
  }

  /** This property, taking only the given values. */
  public LayerProperty withValues(String... values) {
    return new LayerProperty(name, column, type, description, expression, List.of(values));
  }

  public static LayerProperty of(String name, Type type, String description) {
    return new LayerProperty(name, name, type, description);
  }

  /** A property computed in SQL, published as {@code name}. */
  public static LayerProperty computed(String name, Type type, String description, String expression) {
    return new LayerProperty(name, name, type, description, expression, List.of());
  }

  /** The property's value in SQL over the layer's table: the column, or the expression in parentheses. */
  public String sqlValue() {
    return expression == null ? column : "(" + expression + ")";
  }

  /** The select-list item: the column, or the expression named as the column. */
  String selectItem() {
    return expression == null ? column : "(" + expression + ") AS " + column;
  }
}
