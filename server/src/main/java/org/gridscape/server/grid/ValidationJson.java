package org.gridscape.server.grid;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.TreeMap;
import org.gridscape.server.ingest.geojson.GeoJson;
import org.locationtech.jts.geom.Geometry;

/** Validation results and ingest problems as API JSON; geometries as GeoJSON so the editor can draw them. */
public final class ValidationJson {

  private ValidationJson() {}

  public static JsonObject toJson(ValidationResult result) {
    JsonArray errors = new JsonArray();
    result.errors().forEach(issue -> errors.add(issue(issue)));
    JsonArray warnings = new JsonArray();
    result.warnings().forEach(issue -> warnings.add(issue(issue)));
    ValidationMetrics m = result.metrics();
    JsonObject metrics = new JsonObject()
        .put("gridCount", m.gridCount())
        .put("buildingCount", m.buildingCount())
        .put("residentsTotal", m.residentsTotal())
        .put("residentsPerGrid", new JsonObject(new TreeMap<String, Object>(m.residentsPerGrid())))
        .put("villageAreaM2", round(m.villageArea()))
        .put("coveredAreaM2", round(m.coveredArea()))
        .put("coveragePercent", round(m.coveragePercent()))
        .put("overlapAreaM2", round(m.overlapArea()))
        .put("gapAreaM2", round(m.gapArea()))
        .put("roadFollowingShare", m.roadFollowingShare())
        .put("roadFollowingByGrid", new JsonObject(new TreeMap<String, Object>(m.roadFollowingByGrid())))
        .put("buildingsCut", m.buildingsCut())
        .put("buildingsOutsideGrids", m.buildingsOutsideGrids())
        .put("coverageEdgesMatch", m.coverageEdgesMatch());
    return new JsonObject().put("ok", result.ok()).put("errors", errors).put("warnings", warnings).put("metrics", metrics);
  }

  public static JsonObject issue(ValidationIssue issue) {
    JsonObject out = new JsonObject().put("rule", issue.rule())
        .put("severity", issue.severity().name().toLowerCase(Locale.ROOT)).put("message", issue.message());
    if (issue.gridCode() != null) {
      out.put("gridCode", issue.gridCode());
    }
    if (issue.featureIndex() != null) {
      out.put("featureIndex", issue.featureIndex());
    }
    if (issue.geometry() != null && !issue.geometry().isEmpty()) {
      out.put("geometry", geometry(issue.geometry()));
    }
    return out;
  }

  public static JsonObject geometry(Geometry g) {
    return new JsonObject(GeoJson.toJson(g).toString());
  }

  private static double round(double v) {
    return Math.round(v * 100.0) / 100.0;
  }
}
