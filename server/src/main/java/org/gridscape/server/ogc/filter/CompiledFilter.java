package org.gridscape.server.ogc.filter;

import io.vertx.sqlclient.Row;
import java.util.List;
import org.gridscape.server.ogc.FeatureFilter;
import org.locationtech.jts.geom.Geometry;

/** A filter translated for one layer: SQL with its arguments and, for spatial functions, an exact check. */
public record CompiledFilter(String where, List<Object> whereArgs, String select, List<Object> selectArgs,
    ResidualCheck residual) implements FeatureFilter {

  public CompiledFilter {
    whereArgs = List.copyOf(whereArgs);
    selectArgs = List.copyOf(selectArgs);
  }

  @Override
  public boolean exact() {
    return residual == null;
  }

  @Override
  public boolean test(Geometry geometry, Row row) {
    return residual == null || residual.test(geometry, row);
  }
}
