package org.gridscape.server.event;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Events as JSON: the full record for the API and a GeoJSON feature without personal data. */
public final class EventJson {

  /** The properties of the public feature: no reporter, no description (free text may name people). */
  public static final List<String> PUBLIC_PROPERTIES = List.of("id", "category", "categoryName", "level", "levelName",
      "title", "gridCode", "villageCode", "step", "stepName", "status", "escalation", "supervised", "overdue",
      "reportedAt", "deadline", "closedAt");

  private EventJson() {}

  static String time(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(EventStore.CHINA).toString();
  }

  /** open, supervised, overdue or closed: one display status, as the viewer colours events. */
  public static String status(Event e, OffsetDateTime now) {
    return !e.step().open() ? "closed" : e.overdue(now) ? "overdue" : e.supervised() ? "supervised" : "open";
  }

  /** A GeoJSON Point feature with {@link #PUBLIC_PROPERTIES} only: for the map layer and OGC API. */
  public static Map<String, Object> feature(Event e, OffsetDateTime now) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", e.id());
    p.put("category", e.category().code());
    p.put("categoryName", e.category().chinese());
    p.put("level", e.level().code());
    p.put("levelName", e.level().chinese());
    p.put("title", e.title());
    p.put("gridCode", e.gridCode());
    p.put("villageCode", e.villageCode());
    p.put("step", e.step().code());
    p.put("stepName", e.step().chinese());
    p.put("status", status(e, now));
    p.put("escalation", e.escalation().code());
    p.put("supervised", e.supervised());
    p.put("overdue", e.overdue(now));
    p.put("reportedAt", time(e.reportedAt()));
    p.put("deadline", time(e.deadline()));
    p.put("closedAt", time(e.closedAt()));
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("type", "Feature");
    f.put("id", e.id());
    f.put("geometry", Map.of("type", "Point", "coordinates", List.of(e.lon(), e.lat())));
    f.put("properties", p);
    return f;
  }

  public static Map<String, Object> featureCollection(List<Event> events, OffsetDateTime now) {
    List<Object> features = new ArrayList<>();
    events.forEach(e -> features.add(feature(e, now)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "FeatureCollection");
    out.put("features", features);
    out.put("numberReturned", features.size());
    return out;
  }

  /** The whole record, for those who may read the event: adds reporter, description, steps, actions. */
  static Map<String, Object> detail(EventService.EventDetail d, OffsetDateTime now) {
    Event e = d.event();
    Map<String, Object> out = new LinkedHashMap<>(feature(e, now));
    @SuppressWarnings("unchecked")
    Map<String, Object> p = new LinkedHashMap<>((Map<String, Object>) out.get("properties"));
    p.put("description", e.description());
    p.put("lon", e.lon());
    p.put("lat", e.lat());
    p.put("assignee", e.assignee());
    p.put("assigneeKind", e.assigneeKind());
    p.put("handledBy", e.handledBy());
    p.put("reopenCount", e.reopenCount());
    p.put("reporter", e.reporter());
    p.put("reporterName", e.reporterName());
    p.put("origin", e.origin());
    p.put("reportedMode", e.reportedMode().code());
    p.put("version", e.version());
    p.put("attachments", d.attachments());
    p.put("photos", d.photos().stream().map(EventAttachments.StoredPhoto::toMap).toList());
    p.put("patrol", d.origin() == null ? null : d.origin().patrol());
    p.put("clientId", d.origin() == null ? null : d.origin().clientId());
    List<Object> steps = new ArrayList<>();
    for (EventStep s : d.steps()) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("action", s.action());
      step.put("from", s.fromStep() == null ? null : s.fromStep().code());
      step.put("to", s.toStep().code());
      step.put("actor", s.actor());
      step.put("role", s.actorRole());
      step.put("note", s.note());
      step.put("at", time(s.at()));
      steps.add(step);
    }
    p.put("steps", steps);
    p.put("allowedActions", d.allowed().stream().map(Action::code).toList());
    p.put("yourActions", d.yours().stream().map(Action::code).toList());
    out.put("properties", p);
    return out;
  }
}
