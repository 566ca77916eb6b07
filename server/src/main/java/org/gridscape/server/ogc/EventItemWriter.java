package org.gridscape.server.ogc;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.event.Action;
import org.gridscape.server.event.Escalation;
import org.gridscape.server.event.Event;
import org.gridscape.server.event.EventCategory;
import org.gridscape.server.event.EventLevel;
import org.gridscape.server.event.EventService;
import org.gridscape.server.event.Step;
import org.gridscape.server.event.Workflow;
import org.gridscape.server.grid.RegionScope;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.AuthHandler;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * Part 4 writes of the {@code events} collection, through the event workflow: a POST is a report
 * ({@link EventService#create}), a PATCH is one workflow action ({@link EventService#transition})
 * named by the published property it changes: {@code step} (the action that leads there from the
 * current step), {@code supervised} (督办 on or off) or {@code escalation} (to township or district).
 * An event is the record the loop's figures count, so it is never replaced or deleted: PUT and
 * DELETE are 405. The reporter, description and title may be written but are never returned.
 */
final class EventItemWriter implements ItemWrites.CollectionWriter {

  private static final List<String> CREATE = List.of("category", "level", "step");
  /** Accepted on a report, never published. */
  private static final List<String> CREATE_INPUT = List.of("title", "description", "reporter_name");
  private static final List<String> UPDATE = List.of("step", "supervised", "escalation");
  /** Accepted with an action (the dispatch's assignee, a note for the step record), never published. */
  private static final List<String> UPDATE_INPUT = List.of("note", "assignee");

  private final EventService events;
  private final FeatureStore store;

  EventItemWriter(EventService events, FeatureStore store) {
    this.events = events;
    this.store = store;
  }

  @Override
  public Set<HttpMethod> itemMethods() {
    return Set.of(HttpMethod.GET, HttpMethod.PATCH);
  }

  @Override
  public String whyNotOtherMethods() {
    return NEVER_REPLACED;
  }

  @Override
  public void authorize(RoutingContext ctx, String featureId) {
    // Which of these may take which action on which event is the workflow's to say (403 naming who may).
    AuthHandler.require(ctx, Role.GRIDWORKER, Role.LEADER, Role.DEPARTMENT);
  }

  /** A report: a Point, {@code category}, {@code level}, optionally the starting {@code step}. */
  @Override
  public Future<ItemWrites.Written> create(RoutingContext ctx, JsonObject feature, Crs crs) {
    Principal who = AuthHandler.principal(ctx);
    JsonObject props = ItemWrites.properties(feature);
    ItemWrites.checkProperties(Layers.EVENTS, props, CREATE, CREATE_INPUT, null);
    Geometry g = ItemWrites.geometry(feature, crs);
    if (!(g instanceof Point point) || point.isEmpty()) {
      throw new ApiException(422, "point_required", "an event is reported at a Point, got "
          + (g == null ? "no geometry" : g.getGeometryType()), List.of(new JsonObject().put("field", "geometry")));
    }
    EventService.NewEvent report;
    try {
      String category = ItemWrites.text(props, "category").orElseThrow(
          () -> new IllegalArgumentException("property 'category' is required"));
      report = new EventService.NewEvent(EventCategory.parse(category),
          ItemWrites.text(props, "level").map(EventLevel::parse).orElse(null),
          ItemWrites.text(props, "title").orElse(null), ItemWrites.text(props, "description").orElse(null),
          point.getX(), point.getY(), List.of(), ItemWrites.text(props, "reporter_name").orElse(null),
          ItemWrites.text(props, "step").map(Step::parse).orElse(null));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    return events.create(who, report).map(d -> new ItemWrites.Written(d.event().id(), d.event().version()));
  }

  @Override
  public Future<ItemWrites.Written> replace(RoutingContext ctx, String id, int version, JsonObject feature, Crs crs) {
    throw notReplaced();
  }

  /** One workflow action, named by the one published property the merge patch changes. */
  @Override
  public Future<ItemWrites.Written> update(RoutingContext ctx, String id, int version, JsonObject patch, Crs crs) {
    Principal who = AuthHandler.principal(ctx);
    if (patch.containsKey("geometry")) {
      throw new ApiException(422, "read_only_property", "an event's location is where it was reported; it decides "
          + "the grid and is not changed", List.of(new JsonObject().put("field", "geometry")));
    }
    Object propsValue = patch.getValue("properties");
    if (propsValue != null && !(propsValue instanceof JsonObject)) {
      throw ApiException.badRequest("'properties' must be an object");
    }
    JsonObject props = propsValue == null ? new JsonObject() : (JsonObject) propsValue;
    return events.get(who, id).compose(detail -> {
      Event event = detail.event();
      if (event.version() != version) {
        throw new ApiException(412, "precondition_failed", "event " + id + " is at version " + event.version()
            + ", not " + version + "; read it again (its ETag) and decide again",
            List.of(new JsonObject().put("id", id).put("currentVersion", event.version())));
      }
      return ItemWrites.published(store, Layers.EVENTS, RegionScope.ALL, id).compose(current -> {
        ItemWrites.checkProperties(Layers.EVENTS, props, UPDATE, UPDATE_INPUT, current.properties());
        EventService.TransitionRequest request = request(event, props, version);
        if (request == null) {
          return Future.succeededFuture(new ItemWrites.Written(id, event.version()));
        }
        return events.transition(who, id, request)
            .map(d -> new ItemWrites.Written(d.event().id(), d.event().version()));
      });
    });
  }

  @Override
  public Future<Void> delete(RoutingContext ctx, String id, int version) {
    throw notReplaced();
  }

  /** The action the patch asks for, or null when it changes nothing; 422 when it asks for more than one. */
  private static EventService.TransitionRequest request(Event event, JsonObject props, int version) {
    List<Action> actions = new ArrayList<>();
    Escalation to = null;
    try {
      Object step = props.getValue("step");
      if (step != null && !String.valueOf(step).equals(event.step().code())) {
        actions.add(Workflow.actionTo(event, Step.parse(String.valueOf(step))));
      }
      Object supervised = props.getValue("supervised");
      if (supervised != null) {
        if (!(supervised instanceof Boolean flag)) {
          throw ApiException.badRequest("property 'supervised' must be true or false");
        }
        if (flag != event.supervised()) {
          actions.add(flag ? Action.SUPERVISE : Action.UNSUPERVISE);
        }
      }
      Object escalation = props.getValue("escalation");
      if (escalation != null && !String.valueOf(escalation).equals(event.escalation().code())) {
        to = Escalation.parse(String.valueOf(escalation));
        actions.add(Action.ESCALATE);
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    if (actions.isEmpty()) {
      return null;
    }
    if (actions.size() > 1) {
      throw new ApiException(422, "one_action_per_request", "a PATCH takes one workflow action, each recorded as a "
          + "step of the event; this one asks for " + actions.stream().map(Action::code).toList(), List.of());
    }
    try {
      return new EventService.TransitionRequest(actions.get(0), ItemWrites.text(props, "note").orElse(null),
          ItemWrites.text(props, "assignee").orElse(null), to, version);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static final String NEVER_REPLACED = "events are records of the seven-step loop and its figures: they "
      + "are never replaced or deleted; PATCH step, supervised or escalation to act on one";

  private static ApiException notReplaced() {
    return new ApiException(405, "method_not_allowed", NEVER_REPLACED);
  }
}
