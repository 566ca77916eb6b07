package org.gridscape.server.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.gridscape.scene.model.GridKind;

/**
 * Which attribute of an uploaded grid layer is the grid's code, name and kind. A null field means
 * "look it up by the usual names" ({@code code}, {@code 网格编码}, ...); an empty one means "none"
 * (codes are then assigned, names defaulted, kinds standard). The import preview suggests one from
 * the attribute names and values; the import takes the planner's choice as
 * {@code ?code=FIELD&name=FIELD&kind=FIELD}.
 */
public record GridFieldMapping(String code, String name, String kind) {

  static final String[] CODE_NAMES = {"code", "grid_code", "gridcode", "编码", "网格编码", "网格代码"};
  static final String[] NAME_NAMES = {"name", "grid_name", "名称", "网格名称"};
  static final String[] KIND_NAMES = {"kind", "grid_kind", "类型", "网格类型"};
  private static final Pattern GRID_CODE = Pattern.compile("\\d{15}");

  /** The usual names for all three fields (what an import without a mapping does). */
  public static GridFieldMapping byName() {
    return new GridFieldMapping(null, null, null);
  }

  /** Whether no field was chosen explicitly. */
  public boolean isByName() {
    return code == null && name == null && kind == null;
  }

  /** Refuses a chosen field the layer does not have, naming the fields it has. */
  public void requireFieldsIn(Collection<String> attributes) {
    for (String field : new String[] {code, name, kind}) {
      if (field != null && !field.isEmpty() && attributes.stream().noneMatch(field::equals)) {
        throw new IngestException(IngestException.Kind.INVALID_ATTRIBUTE, "the upload has no attribute '" + field
            + "'; its attributes are " + attributes);
      }
    }
  }

  Object code(Map<String, Object> p) {
    return value(p, code, CODE_NAMES);
  }

  Object name(Map<String, Object> p) {
    return value(p, name, NAME_NAMES);
  }

  Object kind(Map<String, Object> p) {
    return value(p, kind, KIND_NAMES);
  }

  private static Object value(Map<String, Object> p, String field, String[] usual) {
    if (field == null) {
      return LayerNames.property(p, usual);
    }
    return field.isEmpty() ? null : p.get(field);
  }

  /**
   * The mapping a planner most likely wants: an attribute with a usual name, else for the code one
   * whose values are all 15-digit codes, for the kind one whose values are all grid kinds, for the
   * name the first other attribute whose values are text. Empty where nothing fits.
   */
  public static GridFieldMapping suggest(List<String> attributes, List<Map<String, Object>> rows) {
    String code = named(attributes, CODE_NAMES);
    if (code == null) {
      code = firstWhere(attributes, rows, v -> GRID_CODE.matcher(v).matches(), List.of());
    }
    String kind = named(attributes, KIND_NAMES);
    if (kind == null) {
      kind = firstWhere(attributes, rows, GridFieldMapping::isKind, listOf(code));
    }
    String name = named(attributes, NAME_NAMES);
    if (name == null) {
      name = firstWhere(attributes, rows, v -> !v.matches("[-+.\\d\\s]+"), listOf(code, kind));
    }
    return new GridFieldMapping(orEmpty(code), orEmpty(name), orEmpty(kind));
  }

  private static String named(List<String> attributes, String[] usual) {
    for (String n : usual) {
      for (String a : attributes) {
        if (a.equalsIgnoreCase(n)) {
          return a;
        }
      }
    }
    return null;
  }

  private static String firstWhere(List<String> attributes, List<Map<String, Object>> rows,
      java.util.function.Predicate<String> test, List<String> taken) {
    for (String a : attributes) {
      if (taken.contains(a)) {
        continue;
      }
      boolean any = false;
      boolean all = true;
      for (Map<String, Object> row : rows) {
        String v = AttributeValues.text(row.get(a));
        if (v != null) {
          any = true;
          all &= test.test(v);
        }
      }
      if (any && all) {
        return a;
      }
    }
    return null;
  }

  private static boolean isKind(String value) {
    try {
      return GridKind.parse(value) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static List<String> listOf(String... values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
