package org.gridscape.server.patrol;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Patrols as JSON: the summary of lists and the GeoJSON Feature of one patrol with its track. */
public final class PatrolJson {

  static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  private PatrolJson() {}

  static String time(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(CHINA).toString();
  }

  /** A share 0..1 with four decimals, null stays null. */
  static Double share(Double v) {
    return v == null ? null : Math.round(v * 10_000) / 10_000.0;
  }

  static double metres(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** The figures of a patrol without its track. */
  public static Map<String, Object> summary(Patrol p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", p.id());
    out.put("worker", p.worker());
    out.put("grid", p.gridCode());
    out.put("startedAt", time(p.startedAt()));
    out.put("endedAt", time(p.endedAt()));
    out.put("status", p.ended() ? "ended" : "under_way");
    out.put("points", p.points());
    out.put("outsidePoints", p.outsidePoints());
    out.put("flagged", p.flagged());
    out.put("distanceM", metres(p.distanceM()));
    out.put("durationS", p.duration().toSeconds());
    return out;
  }

  /**
   * The patrol as a Feature: a LineString of its positions in time order (a Point with one, no
   * geometry with none); {@code properties.times} holds each position's time, {@code pointIds},
   * {@code accuracy} and {@code outside} the rest, index for index.
   */
  static Map<String, Object> feature(Patrol p, List<PatrolStore.StoredPoint> track, List<String> events,
      Coverage.GridCoverage coverage) {
    Map<String, Object> props = summary(p);
    List<Object> coordinates = new ArrayList<>(track.size());
    List<Object> times = new ArrayList<>(track.size());
    List<Object> ids = new ArrayList<>(track.size());
    List<Object> accuracy = new ArrayList<>(track.size());
    List<Object> outside = new ArrayList<>(track.size());
    for (PatrolStore.StoredPoint point : track) {
      coordinates.add(List.of(point.lon(), point.lat()));
      times.add(point.t().withOffsetSameInstant(ZoneOffset.UTC).toString());
      ids.add(point.id());
      accuracy.add(point.accuracy());
      outside.add(point.outside());
    }
    props.put("coverage", coverage == null ? null : coverage(coverage, Coverage.DEFAULT_DISTANCE_M));
    props.put("events", events);
    props.put("times", times);
    props.put("pointIds", ids);
    props.put("accuracy", accuracy);
    props.put("outside", outside);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("type", "Feature");
    f.put("id", p.id());
    f.put("geometry", track.isEmpty() ? null : track.size() == 1
        ? Map.of("type", "Point", "coordinates", coordinates.get(0))
        : Map.of("type", "LineString", "coordinates", coordinates));
    f.put("properties", props);
    return f;
  }

  /** The coverage of one grid: shares and lengths. */
  static Map<String, Object> coverage(Coverage.GridCoverage c, double distanceM) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("grid", c.code());
    out.put("distanceM", distanceM);
    out.put("roads", share(c.roadShare()));
    out.put("roadLengthM", metres(c.roadLength()));
    out.put("coveredRoadM", metres(c.coveredRoad()));
    out.put("buildings", share(c.buildingShare()));
    out.put("buildingCount", c.buildings());
    out.put("coveredBuildings", c.coveredBuildings());
    return out;
  }
}
