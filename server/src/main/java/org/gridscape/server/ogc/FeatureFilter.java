package org.gridscape.server.ogc;

import io.vertx.sqlclient.Row;
import java.util.List;
import org.locationtech.jts.geom.Geometry;

/**
 * A condition on a layer's features (a CQL2 filter, see org.gridscape.server.ogc.filter), as
 * {@link FeatureStore} runs it: SQL over the layer's table with bound arguments and, when the
 * condition has spatial predicates, an exact test in Java of the rows the SQL lets through (the SQL
 * then is a superset test on the stored envelopes).
 */
public interface FeatureFilter {

  /** An argument standing for {@code x} minus the layer's widest feature, so that (minx) index scans stay narrow. */
  record WestOf(double x) {}

  /** A boolean SQL expression over the layer's table, with {@code ?} for {@link #whereArgs()}. */
  String where();

  /** The arguments of {@link #where()}, in order; {@link WestOf} ones are resolved by the store. */
  List<Object> whereArgs();

  /** Extra select-list items, each with a leading comma (values {@link #test} reads), or empty. */
  String select();

  /** The arguments of {@link #select()}, in order. */
  List<Object> selectArgs();

  /** Whether the SQL is the whole condition (no {@link #test} is needed, counts and pages run in SQL). */
  boolean exact();

  /** The exact test of a row the SQL let through, given its geometry. */
  boolean test(Geometry geometry, Row row);
}
