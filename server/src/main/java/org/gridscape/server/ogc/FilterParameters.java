package org.gridscape.server.ogc;

import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.ogc.filter.Cql2Json;
import org.gridscape.server.ogc.filter.Cql2Text;
import org.gridscape.server.ogc.filter.Expr;
import org.gridscape.server.ogc.filter.FilterCompiler;

/**
 * The Part 3 and Part 5 parameters of an items request: {@code filter} (with {@code filter-lang}
 * and {@code filter-crs}), {@code sortby} and {@code properties}. A bad filter is a
 * {@link org.gridscape.server.ogc.filter.FilterException} (400 naming the position); bad other
 * parameters are 400 here.
 *
 * @param filter     the compiled filter, or null
 * @param orderBy    SQL sort keys, or null for feature id order
 * @param properties the properties to return, or null for all
 * @param repeated   the parameters as given, for the page links ({@code &name=value...})
 */
record FilterParameters(FeatureFilter filter, String orderBy, List<String> properties, String repeated) {

  static FilterParameters parse(Layer layer, MultiMap query) {
    StringBuilder repeated = new StringBuilder();
    String text = query.get("filter");
    String lang = query.get("filter-lang");
    String crsText = query.get("filter-crs");
    Crs crs = Crs.parse("filter-crs", crsText);
    FeatureFilter filter = null;
    if (text != null) {
      boolean json = lang != null && lang.trim().equals("cql2-json");
      if (lang != null && !json && !lang.trim().equals("cql2-text")) {
        throw ApiException.badRequest("filter-lang must be cql2-text (the default) or cql2-json, got '" + lang + "'");
      }
      Expr expr = json ? Cql2Json.parse(text, crs.latLon()) : Cql2Text.parse(text, crs.latLon());
      filter = FilterCompiler.compile(expr, layer);
      repeated.append("&filter=").append(encode(text));
      if (lang != null) {
        repeated.append("&filter-lang=").append(encode(lang.trim()));
      }
      if (crsText != null) {
        repeated.append("&filter-crs=").append(encode(crs.uri()));
      }
    } else if (lang != null || crsText != null) {
      throw ApiException.badRequest("filter-lang and filter-crs go with a filter");
    }
    Map<String, LayerProperty> byName = layer.properties().stream()
        .collect(Collectors.toMap(LayerProperty::name, p -> p));
    String orderBy = null;
    String sortby = query.get("sortby");
    if (sortby != null) {
      List<String> keys = new ArrayList<>();
      for (String item : names(sortby, "sortby")) {
        boolean descending = item.startsWith("-");
        String name = item.startsWith("-") || item.startsWith("+") ? item.substring(1).trim() : item;
        LayerProperty property = known(byName, name, "sortby", layer);
        keys.add(property.sqlValue() + (descending ? " DESC NULLS LAST" : " ASC NULLS LAST"));
      }
      orderBy = String.join(", ", keys);
      repeated.append("&sortby=").append(encode(sortby.trim()));
    }
    List<String> properties = null;
    String chosen = query.get("properties");
    if (chosen != null) {
      Set<String> names = new LinkedHashSet<>();
      for (String name : names(chosen, "properties")) {
        names.add(known(byName, name, "properties", layer).name());
      }
      properties = List.copyOf(names);
      repeated.append("&properties=").append(encode(chosen.trim()));
    }
    return new FilterParameters(filter, orderBy, properties, repeated.toString());
  }

  private static List<String> names(String list, String parameter) {
    List<String> names = new ArrayList<>();
    for (String part : list.split(",", -1)) {
      String name = part.trim();
      if (name.isEmpty()) {
        throw ApiException.badRequest(parameter + " must be a comma-separated list of property names");
      }
      names.add(name);
    }
    return names;
  }

  /** A published property; the same 400 for an unpublished column as for a name that does not exist. */
  private static LayerProperty known(Map<String, LayerProperty> byName, String name, String parameter, Layer layer) {
    LayerProperty property = byName.get(name);
    if (property == null) {
      throw ApiException.badRequest(parameter + ": unknown property '" + name + "'; the properties of '" + layer.id()
          + "' are " + layer.properties().stream().map(LayerProperty::name).toList());
    }
    return property;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
