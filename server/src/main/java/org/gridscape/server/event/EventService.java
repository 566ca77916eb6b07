package org.gridscape.server.event;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.auth.UserStore;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events and the seven-step loop: reports, transitions under {@link Workflow}, lists, the leaders'
 * figures, the bulk import of events.csv and the district mode. Time comes from the injected
 * clock, so deadlines and overdue figures are reproducible in tests.
 */
public final class EventService {

  private static final Logger LOG = LoggerFactory.getLogger(EventService.class);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
  static final OffsetDateTime BEGINNING = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  static final OffsetDateTime END = OffsetDateTime.of(2200, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  static final int MAX_ATTACHMENTS = 10;
  static final int IMPORT_BATCH = 500;

  /**
   * A report from the field. {@code step} is how far the reporter got: patrol (default) .. dispatch.
   * Without a title the category names it: descriptions are free text that may name people, and
   * titles are shown on the public map layer.
   */
  public record NewEvent(EventCategory category, EventLevel level, String title, String description, double lon,
      double lat, List<String> attachments, String reporterName, Step step) {

    public NewEvent {
      Objects.requireNonNull(category, "category");
      level = level == null ? EventLevel.GENERAL : level;
      step = step == null ? Step.PATROL : step;
      if (step.compareTo(Step.DISPATCH) > 0) {
        throw new IllegalArgumentException("a report starts at patrol, collection, discovery or dispatch, not "
            + step.code());
      }
      if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
        throw new IllegalArgumentException("lon/lat out of range: " + lon + "," + lat);
      }
      description = description == null || description.isBlank() ? null : description.strip();
      if (description != null && description.length() > 4000) {
        throw new IllegalArgumentException("a description has at most 4000 characters");
      }
      title = title == null || title.isBlank() ? category.chinese() : title.strip();
      if (title.length() > 200) {
        throw new IllegalArgumentException("a title has at most 200 characters");
      }
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
      if (attachments.size() > MAX_ATTACHMENTS) {
        throw new IllegalArgumentException("at most " + MAX_ATTACHMENTS + " attachments");
      }
      for (String ref : attachments) {
        if (ref == null || ref.isBlank() || ref.length() > 500) {
          throw new IllegalArgumentException("an attachment is a photo reference of 1..500 characters");
        }
      }
      if (reporterName != null && reporterName.length() > 100) {
        throw new IllegalArgumentException("a reporter name has at most 100 characters");
      }
    }
  }

  /**
   * An action on an event.
   *
   * @param assignee for dispatch: the user name of a department user or grid worker
   * @param escalateTo for escalate: township or district; null for the next level up
   * @param version   when given, the version the caller saw (409 when it changed since)
   */
  public record TransitionRequest(Action action, String note, String assignee, Escalation escalateTo, Integer version) {
    public TransitionRequest {
      Objects.requireNonNull(action, "action");
      if (note != null && note.length() > 2000) {
        throw new IllegalArgumentException("a note has at most 2000 characters");
      }
    }
  }

  /**
   * An event with its attachments (references; uploaded photos among them as their download
   * paths), the uploaded photos, steps, the actions its state allows and those the caller may take.
   */
  public record EventDetail(Event event, List<String> attachments, List<EventAttachments.StoredPhoto> photos,
      List<EventStep> steps, List<Action> allowed, List<Action> yours) {}

  /** The district mode and who set it when. */
  public record ModeState(DistrictMode mode, OffsetDateTime since, String changedBy, String reason) {
    public Map<String, Object> toMap() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("mode", mode.code());
      out.put("since", EventJson.time(since));
      out.put("changedBy", changedBy);
      out.put("reason", reason);
      out.put("deadlineFactor", mode == DistrictMode.WARTIME ? 0.5 : 1.0);
      out.put("majorRiskRouting", mode == DistrictMode.WARTIME ? "district" : "grid");
      return out;
    }
  }

  private final Vertx vertx;
  private final Database db;
  private final EventStore store;
  private final UserStore users;
  private final Clock clock;

  public EventService(Vertx vertx, Database db, Clock clock) {
    this.vertx = vertx;
    this.db = db;
    this.store = new EventStore(db);
    this.users = new UserStore(db);
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  // ---------------------------------------------------------------- reports

  /**
   * Records a report: it lands in the published grid containing its location, which the reporter
   * must cover. In wartime a major event goes straight to the district command for dispatch.
   */
  public Future<EventDetail> create(Principal who, NewEvent report) {
    if (!who.hasAny(Role.ADMIN, Role.GRIDWORKER, Role.LEADER)) {
      return Future.failedFuture(ApiException.forbidden("reports are made by grid workers and leaders"));
    }
    return store.publishedGridAt(report.lon(), report.lat()).compose(found -> {
      String grid = found.orElseThrow(() -> new ApiException(422, "outside_grids", "no published grid contains "
          + report.lon() + "," + report.lat() + "; pick a location inside a unit grid"));
      if (!who.covers(grid)) {
        throw ApiException.forbidden("the location lies in grid " + grid + ", outside your assigned grids");
      }
      return mode().compose(mode -> insertReport(who, report, grid, mode.mode(), 0));
    });
  }

  private Future<EventDetail> insertReport(Principal who, NewEvent report, String grid, DistrictMode mode, int attempt) {
    OffsetDateTime now = now();
    boolean routed = mode == DistrictMode.WARTIME && report.level() == EventLevel.MAJOR;
    Step start = routed ? Step.DISPATCH : report.step();
    String role = actingRole(who);
    List<EventStep> steps = new ArrayList<>();
    steps.add(new EventStep("report", null, Step.PATROL, who.username(), role,
        routed ? "战时重大风险直报区指挥部 (wartime: major risk routed to the district command)" : null, now));
    Action[] path = {Action.COLLECT, Action.DISCOVER, Action.SUBMIT};
    for (Action action : path) {
      if (action.to().compareTo(start) <= 0) {
        steps.add(new EventStep(action.code(), Step.values()[action.to().ordinal() - 1], action.to(), who.username(),
            role, null, now));
      }
    }
    String prefix = "R" + now.atZoneSameInstant(EventStore.CHINA).format(DAY) + "-";
    return store.maxIdWithPrefix(prefix).compose(max -> {
      int next = max.map(id -> Integer.parseInt(id.substring(prefix.length())) + 1).orElse(1);
      String id = prefix + String.format("%04d", next);
      Event event = new Event(id, report.category(), report.level(), report.title(), report.description(),
          report.lon(), report.lat(), grid, start, routed ? Escalation.DISTRICT : Escalation.NONE, null, null, null,
          false, 0, who.username(), report.reporterName(), "report", mode, now,
          Deadlines.deadline(now, report.category(), report.level(), mode), null, 1);
      return db.inTransaction(tx -> store.on(tx).insert(event, report.attachments(), steps, now)
              .compose(v -> ChangeLog.append(tx, Change.event(id, grid, event.version()))))
          .map(v -> event)
          .recover(e -> attempt < 5 && isDuplicate(e)
              ? insertReport(who, report, grid, mode, attempt + 1).map(EventDetail::event)
              : Future.failedFuture(e));
    }).compose(event -> {
      LOG.debug("Event {} reported in grid {} by {}", event.id(), grid, who.username());
      return detail(who, event.id());
    });
  }

  private static boolean isDuplicate(Throwable e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return m.contains("duplicate") || m.contains("unique") || m.contains("primary key");
  }

  // ---------------------------------------------------------------- reading

  /** The event with its history; 404 when there is none, 403 when the caller may not see it. */
  public Future<EventDetail> get(Principal who, String id) {
    return detail(who, id);
  }

  private Future<EventDetail> detail(Principal who, String id) {
    return store.find(id).compose(found -> {
      Event event = found.orElseThrow(() -> ApiException.notFound("no event '" + id + "'"));
      return sectorsOf(who).compose(sectors -> {
        requireVisible(who, event, sectors);
        List<Action> allowed = Workflow.allowed(event);
        List<Action> yours = new ArrayList<>();
        for (Action action : allowed) {
          try {
            Workflow.authorize(who, event, action, sectors);
            yours.add(action);
          } catch (ApiException denied) {
            // not this caller's action
          }
        }
        return store.attachments(id).compose(attachments -> store.photos(id).compose(photos -> store.steps(id)
            .map(steps -> new EventDetail(event, attachments, photos, steps, allowed, yours))));
      });
    });
  }

  static boolean visible(Principal who, Event e, Set<EventCategory> sectors) {
    return who.has(Role.ADMIN)
        || who.hasAny(Role.LEADER, Role.GRIDWORKER) && who.covers(e.gridCode())
        || who.has(Role.DEPARTMENT) && (sectors.contains(e.category()) || who.username().equals(e.assignee()))
        || who.username().equals(e.assignee())
        || who.username().equals(e.reporter());
  }

  private static void requireVisible(Principal who, Event event, Set<EventCategory> sectors) {
    if (!visible(who, event, sectors)) {
      throw ApiException.forbidden("event " + event.id() + " is outside your grids and sector");
    }
  }

  /**
   * Events the caller may see, newest first: leaders and grid workers within their scopes,
   * departments their sector's events and those assigned to them.
   */
  public Future<List<Event>> list(Principal who, EventFilter filter, int limit, int offset) {
    if (limit < 1 || limit > 10_000 || offset < 0) {
      return Future.failedFuture(ApiException.badRequest("limit must be 1..10000 and offset >= 0"));
    }
    if (who.has(Role.ADMIN) || who.hasAny(Role.LEADER, Role.GRIDWORKER)) {
      return store.list(filter, who.has(Role.ADMIN) ? List.of() : prefixes(who), null, null, limit, offset);
    }
    if (who.has(Role.DEPARTMENT)) {
      return sectorsOf(who).compose(sectors -> store.list(filter, List.of(), sectors, who.username(), limit, offset));
    }
    return Future.failedFuture(ApiException.forbidden("events are for leaders, departments and grid workers"));
  }

  /** The map layer: public properties only (no reporter, no description), for the viewer and OGC API. */
  public Future<Map<String, Object>> layer(Principal who, EventFilter filter, int limit) {
    return list(who, filter, limit, 0).map(events -> EventJson.featureCollection(events, now()));
  }

  /** The map layer without a caller, for services that publish it themselves (OGC API, vector tiles). */
  public Future<List<Event>> publicEvents(EventFilter filter, int limit, int offset) {
    return store.list(filter, List.of(), null, null, limit, offset);
  }

  /** Code prefixes that the principal's scopes cover, as {@link Principal#covers} reads them. */
  static List<String> prefixes(Principal who) {
    List<String> out = new ArrayList<>();
    for (String scope : who.scopes()) {
      String s = scope;
      while (s.length() > 6 && s.length() <= 12 && s.endsWith("000")) {
        s = s.substring(0, s.length() - 3);
      }
      out.add(s);
    }
    return out;
  }

  /** The published grid containing a point, for the report page to show where a report will land. */
  public Future<Optional<String>> gridAt(double lon, double lat) {
    return store.publishedGridAt(lon, lat);
  }

  // ---------------------------------------------------------------- transitions

  /** Takes one action: 404 no event, 403 not visible or not allowed for the role, 409 illegal here. */
  public Future<EventDetail> transition(Principal who, String id, TransitionRequest request) {
    Future<Set<EventCategory>> sectorsFuture = sectorsOf(who);
    return sectorsFuture.compose(sectors -> db.inTransaction(tx -> {
      EventStore txStore = store.on(tx);
      return txStore.find(id).compose(found -> {
        Event event = found.orElseThrow(() -> ApiException.notFound("no event '" + id + "'"));
        requireVisible(who, event, sectors);
        if (request.version() != null && request.version() != event.version()) {
          throw ApiException.conflict("event " + id + " is at version " + event.version() + ", not "
              + request.version() + "; reload it");
        }
        Step next = Workflow.next(event, request.action());
        String role = Workflow.authorize(who, event, request.action(), sectors);
        return apply(event, request, next, who).compose(changed -> {
          OffsetDateTime now = now();
          return txStore.update(changed, event.version(), now).compose(updated -> {
            if (!updated) {
              throw ApiException.conflict("event " + id + " was changed at the same time; reload it and retry");
            }
            return txStore.addStep(id, new EventStep(request.action().code(), event.step(), next, who.username(),
                role, noteFor(request, changed), now))
                .compose(x -> ChangeLog.append(tx, Change.event(id, changed.gridCode(), changed.version())));
          });
        });
      });
    })).compose(v -> detail(who, id));
  }

  private static String noteFor(TransitionRequest request, Event changed) {
    String extra = switch (request.action()) {
      case DISPATCH -> "→ " + changed.assignee() + " (" + changed.assigneeKind() + ")";
      case ESCALATE -> "→ " + changed.escalation().code();
      default -> null;
    };
    if (extra == null) {
      return request.note();
    }
    return request.note() == null ? extra : request.note() + " " + extra;
  }

  private Future<Event> apply(Event e, TransitionRequest request, Step next, Principal who) {
    OffsetDateTime now = now();
    return switch (request.action()) {
      case DISPATCH -> dispatchTarget(e, request.assignee()).map(kind -> with(e, next, e.escalation(),
          request.assignee(), kind, e.handledBy(), e.supervised(), e.reopenCount(), null));
      case HANDLE -> Future.succeededFuture(with(e, next, e.escalation(), e.assignee(), e.assigneeKind(),
          who.username(), e.supervised(), e.reopenCount(), null));
      case REJECT, REOPEN -> Future.succeededFuture(with(e, next, e.escalation(), e.assignee(), e.assigneeKind(),
          e.handledBy(), e.supervised(), e.reopenCount() + 1, null));
      case CLOSE -> Future.succeededFuture(with(e, next, e.escalation(), e.assignee(), e.assigneeKind(),
          e.handledBy(), e.supervised(), e.reopenCount(), now));
      case ESCALATE -> {
        Escalation to = request.escalateTo() == null ? Escalation.values()[e.escalation().ordinal() + 1]
            : request.escalateTo();
        if (to.compareTo(e.escalation()) <= 0) {
          throw new ApiException(409, "illegal_transition", "event " + e.id() + " is already at the "
              + e.escalation().code() + " level; escalate to a higher one",
              List.of(Map.of("escalation", e.escalation().code())));
        }
        yield Future.succeededFuture(with(e, next, to, null, null, e.handledBy(), e.supervised(), e.reopenCount(),
            null));
      }
      case SUPERVISE, UNSUPERVISE -> Future.succeededFuture(with(e, next, e.escalation(), e.assignee(),
          e.assigneeKind(), e.handledBy(), request.action() == Action.SUPERVISE, e.reopenCount(), e.closedAt()));
      case COLLECT, DISCOVER, SUBMIT, VERIFY -> Future.succeededFuture(with(e, next, e.escalation(), e.assignee(),
          e.assigneeKind(), e.handledBy(), e.supervised(), e.reopenCount(), null));
    };
  }

  private static Event with(Event e, Step step, Escalation escalation, String assignee, String assigneeKind,
      String handledBy, boolean supervised, int reopenCount, OffsetDateTime closedAt) {
    return new Event(e.id(), e.category(), e.level(), e.title(), e.description(), e.lon(), e.lat(), e.gridCode(), step,
        escalation, assignee, assigneeKind, handledBy, supervised, reopenCount, e.reporter(), e.reporterName(),
        e.origin(), e.reportedMode(), e.reportedAt(), e.deadline(), closedAt, e.version() + 1);
  }

  /** department or gridworker: what the assignee of a dispatch is; 422 when nobody fitting. */
  private Future<String> dispatchTarget(Event e, String assignee) {
    if (assignee == null || assignee.isBlank()) {
      return Future.failedFuture(ApiException.badRequest("dispatch needs 'assignee': a department user or grid worker"));
    }
    return users.find(assignee).compose(found -> {
      if (found.isEmpty() || found.get().disabled()) {
        throw ApiException.unprocessable("no active user '" + assignee + "'", List.of(Map.of("assignee", assignee)));
      }
      Principal target = found.get().principal();
      return store.sectors(assignee).map(sectors -> {
        if (target.has(Role.DEPARTMENT) && sectors.contains(e.category())) {
          return "department";
        }
        if (target.has(Role.GRIDWORKER) && target.covers(e.gridCode())) {
          return "gridworker";
        }
        throw ApiException.unprocessable("'" + assignee + "' can take event " + e.id() + " only as a department user"
            + " of the sector " + e.category().code() + " or a grid worker of grid " + e.gridCode(),
            List.of(Map.of("assignee", assignee, "category", e.category().code(), "grid", e.gridCode())));
      });
    });
  }

  private static String actingRole(Principal who) {
    for (Role role : new Role[] {Role.ADMIN, Role.LEADER, Role.GRIDWORKER, Role.DEPARTMENT}) {
      if (who.has(role)) {
        return role.id();
      }
    }
    return "user";
  }

  // ---------------------------------------------------------------- departments

  public Future<Set<EventCategory>> sectors(String username) {
    return users.find(username).compose(found -> found.isPresent() ? store.sectors(username)
        : Future.failedFuture(ApiException.notFound("no user '" + username + "'")));
  }

  /** Sets the categories a department user handles; 422 when the user is not a department user. */
  public Future<Set<EventCategory>> setSectors(String username, Set<EventCategory> categories) {
    return users.find(username).compose(found -> {
      if (found.isEmpty() || !found.get().roles().contains(Role.DEPARTMENT)) {
        throw ApiException.unprocessable("'" + username + "' is not a department user", List.of());
      }
      return db.inTransaction(tx -> store.on(tx).replaceSectors(username, categories)).map(v -> categories);
    });
  }

  private Future<Set<EventCategory>> sectorsOf(Principal who) {
    return who.has(Role.DEPARTMENT) ? store.sectors(who.username())
        : Future.succeededFuture(EnumSet.noneOf(EventCategory.class));
  }

  // ---------------------------------------------------------------- figures

  /**
   * The leaders' figures for a region (district, township, work area, village) or grid and a
   * period of report ({@code [from, to)}), counted as of {@code asOf} for overdue.
   *
   * @param region null for the whole district
   */
  public Future<Map<String, Object>> stats(Principal who, String region, OffsetDateTime from, OffsetDateTime to,
      OffsetDateTime asOf) {
    if (!who.hasAny(Role.ADMIN, Role.LEADER, Role.DEPARTMENT, Role.GRIDWORKER)) {
      return Future.failedFuture(ApiException.forbidden("event figures are for leaders, departments and grid workers"));
    }
    if (region == null && !who.scopes().isEmpty() && !who.has(Role.ADMIN)) {
      return Future.failedFuture(ApiException.forbidden("give ?region= within your assigned areas"));
    }
    if (region != null && !who.covers(region)) {
      return Future.failedFuture(ApiException.forbidden("'" + region + "' is outside your assigned areas"));
    }
    OffsetDateTime start = from == null ? BEGINNING : from;
    OffsetDateTime end = to == null ? END : to;
    OffsetDateTime at = asOf == null ? now() : asOf;
    return regions().compose(tree -> {
      boolean grid = region != null && region.length() == 15;
      if (region != null && !grid && !tree.contains(region)) {
        throw ApiException.notFound("no region '" + region + "'");
      }
      return store.cells(grid ? region : null, start, end, at).map(cells -> {
        Map<String, Object> out = new LinkedHashMap<>();
        String scope = grid ? null : region;
        Map<String, Object> figures = EventStats.summarize(cells,
            village -> scope == null || tree.under(village, scope),
            village -> grid ? region : tree.childOnPath(village, scope),
            tree::township, tree.names());
        if (region != null) {
          out.put("region", Map.of("code", region, "name", String.valueOf(tree.names().getOrDefault(region, region)),
              "level", grid ? "grid" : tree.level(region)));
        }
        out.put("from", from == null ? null : EventJson.time(from));
        out.put("to", to == null ? null : EventJson.time(to));
        out.put("asOf", EventJson.time(at));
        out.putAll(figures);
        return out;
      });
    });
  }

  /** The region hierarchy, read once per figures request (a few hundred rows). */
  private Future<RegionTree> regions() {
    return db.query("SELECT code, name, level, parent_code FROM region").map(rows -> {
      Map<String, String[]> byCode = new HashMap<>();
      for (Row r : rows) {
        byCode.put(r.getString(0), new String[] {r.getString(1), r.getString(2), r.getString(3)});
      }
      return new RegionTree(byCode);
    });
  }

  /** code -> {name, level, parent}. */
  record RegionTree(Map<String, String[]> byCode) {

    boolean contains(String code) {
      return byCode.containsKey(code);
    }

    String level(String code) {
      return byCode.containsKey(code) ? byCode.get(code)[1] : "unknown";
    }

    Map<String, String> names() {
      Map<String, String> out = new HashMap<>();
      byCode.forEach((code, v) -> out.put(code, v[0]));
      return out;
    }

    boolean under(String village, String ancestor) {
      for (String c = village; c != null; c = parent(c)) {
        if (c.equals(ancestor)) {
          return true;
        }
      }
      return false;
    }

    /**
     * The child of {@code top} on the way up from the village; with top null, the district's child
     * (the township). Villages missing from the hierarchy stand for themselves.
     */
    String childOnPath(String village, String top) {
      List<String> path = new ArrayList<>();
      for (String c = village; c != null && !path.contains(c); c = parent(c)) {
        path.add(c);
      }
      if (top == null) {
        int root = path.size() - 1;
        if (root >= 1 && "district".equals(level(path.get(root)))) {
          return path.get(root - 1);
        }
        return byCode.isEmpty() ? village.substring(0, 9) + "000" : path.get(root);
      }
      int i = path.indexOf(top);
      return i > 0 ? path.get(i - 1) : village;
    }

    String township(String village) {
      for (String c = village; c != null; c = parent(c)) {
        if ("township".equals(level(c))) {
          return c;
        }
      }
      return village.substring(0, 9) + "000";
    }

    private String parent(String code) {
      String[] v = byCode.get(code);
      return v == null ? null : v[2];
    }
  }

  // ---------------------------------------------------------------- import

  /** Imports the sample's events.csv; see {@link #importCsv(byte[], String)}. */
  public Future<Map<String, Object>> importCsv(byte[] csv) {
    return importCsv(csv, "import");
  }

  /**
   * Imports events in the events.csv format, all or nothing: 422 listing the rows at fault, else
   * the events are written (rows with an existing id replace it). A row without a grid code lands
   * in the published grid containing its location; without a deadline it gets the policy's.
   */
  public Future<Map<String, Object>> importCsv(byte[] csv, String actor) {
    return vertx.executeBlocking(() -> EventCsv.read(csv)).compose(read -> {
      if (!read.problems().isEmpty()) {
        throw ApiException.unprocessable(read.problems().size() + (read.problems().size() >= EventCsv.MAX_PROBLEMS
            ? "+" : "") + " rows of the events file are wrong; nothing was imported",
            read.problems().stream().map(EventCsv.Problem::toMap).toList());
      }
      return locateAll(read.rows()).compose(rows -> write(rows, actor));
    });
  }

  private Future<List<Event>> locateAll(List<EventCsv.Row> rows) {
    List<EventCsv.Problem> problems = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (EventCsv.Row row : rows) {
      Future<Optional<String>> grid = row.gridCode() != null ? Future.succeededFuture(Optional.of(row.gridCode()))
          : null;
      if (grid == null) {
        chain = chain.compose(v -> store.publishedGridAt(row.lon(), row.lat()).map(found -> {
          found.ifPresentOrElse(code -> events.add(toEvent(row, code)), () -> problems.add(new EventCsv.Problem(
              row.line(), "grid_code", "no grid code and no published grid contains " + row.lon() + "," + row.lat())));
          return null;
        }));
      } else {
        chain = chain.map(v -> {
          events.add(toEvent(row, row.gridCode()));
          return null;
        });
      }
    }
    return chain.map(v -> {
      if (!problems.isEmpty()) {
        throw ApiException.unprocessable(problems.size() + " rows of the events file have no grid; nothing was imported",
            problems.stream().map(EventCsv.Problem::toMap).toList());
      }
      return events;
    });
  }

  private static Event toEvent(EventCsv.Row row, String grid) {
    OffsetDateTime deadline = row.deadline() != null ? row.deadline()
        : Deadlines.deadline(row.reportedAt(), row.category(), row.level(), DistrictMode.PEACETIME);
    return new Event(row.id(), row.category(), row.level(), row.title(), null, row.lon(), row.lat(), grid, row.step(),
        Escalation.NONE, null, null, null, row.supervised(), 0, null, null, "import", DistrictMode.PEACETIME,
        row.reportedAt(), deadline, row.closedAt(), 1);
  }

  private Future<Map<String, Object>> write(List<Event> events, String actor) {
    OffsetDateTime now = now();
    return db.inTransaction(tx -> {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < events.size(); i += IMPORT_BATCH) {
        List<Event> chunk = events.subList(i, Math.min(events.size(), i + IMPORT_BATCH));
        chain = chain
            .compose(v -> tx.batch("DELETE FROM event WHERE id = ?", chunk.stream().map(e -> Tuple.of(e.id())).toList()))
            .compose(v -> tx.batch(EventStore.INSERT, chunk.stream().map(e -> EventStore.insertRow(e, now)).toList()))
            .compose(v -> tx.batch(EventStore.INSERT_STEP, chunk.stream().map(e -> EventStore.stepRow(e.id(),
                new EventStep("import", null, e.step(), actor, null, "imported from events.csv", now))).toList()));
      }
      return chain.compose(v -> ChangeLog.append(tx, events.stream()
          .map(e -> Change.event(e.id(), e.gridCode(), e.version())).toList()));
    }).map(v -> {
      long closed = events.stream().filter(e -> !e.step().open()).count();
      LOG.info("Imported {} events ({} closed)", events.size(), closed);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("imported", events.size());
      out.put("closed", closed);
      return out;
    });
  }

  // ---------------------------------------------------------------- district mode

  public Future<ModeState> mode() {
    return db.query("SELECT mode, since, changed_by, reason FROM district_mode WHERE id = 'district'").map(rows -> {
      if (rows.size() == 0) {
        return new ModeState(DistrictMode.PEACETIME, BEGINNING, null, null);
      }
      Row r = rows.iterator().next();
      return new ModeState(DistrictMode.parse(r.getString(0)), r.getOffsetDateTime(1), r.getString(2), r.getString(3));
    });
  }

  /**
   * Switches the district between peacetime and wartime: leaders of the whole district (or
   * admins) only; every switch is written to the audit log.
   */
  public Future<ModeState> setMode(Principal who, DistrictMode mode, String reason, String remote) {
    if (!who.has(Role.ADMIN) && !(who.has(Role.LEADER) && who.scopes().isEmpty())) {
      return Future.failedFuture(ApiException.forbidden("only district leaders switch between peacetime and wartime"));
    }
    if (reason != null && reason.length() > 500) {
      return Future.failedFuture(ApiException.badRequest("a reason has at most 500 characters"));
    }
    OffsetDateTime now = now();
    return mode().compose(before -> db.inTransaction(tx -> tx.query("UPDATE district_mode SET mode = ?, since = ?,"
        + " changed_by = ?, reason = ? WHERE id = 'district'", Tuple.of(mode.code(), now, who.username(), reason))
        .compose(v -> tx.query("INSERT INTO audit_log (occurred_at, actor, action, target, detail, remote)"
            + " VALUES (?, ?, ?, ?, ?, ?)", Tuple.of(now, who.username(), "district.mode", "district",
            before.mode().code() + " -> " + mode.code() + (reason == null ? "" : ": " + reason),
            remote == null ? null : remote.substring(0, Math.min(64, remote.length())))))
        .compose(v -> ChangeLog.append(tx, Change.mode()))
        .map(v -> {
          LOG.info("District mode {} -> {} by {}", before.mode().code(), mode.code(), who.username());
          return new ModeState(mode, now, who.username(), reason);
        })));
  }

  // ---------------------------------------------------------------- emergency resources

  /**
   * Emergency resources as GeoJSON: imported spaces and supplies, and the party service and
   * neighbourhood centres of the village plans, which become support bases. Shown on the map in
   * wartime; in peacetime only leaders and admins see them (to prepare), others get none.
   */
  public Future<Map<String, Object>> resources(Principal who) {
    return mode().compose(mode -> {
      boolean exposed = mode.mode() == DistrictMode.WARTIME || who.hasAny(Role.ADMIN, Role.LEADER);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("type", "FeatureCollection");
      out.put("mode", mode.mode().code());
      out.put("exposed", exposed);
      List<Object> features = new ArrayList<>();
      out.put("features", features);
      if (!exposed) {
        return Future.succeededFuture(out);
      }
      return db.query("SELECT id, kind, name, lon, lat, grid_code, capacity, supplies FROM emergency_resource ORDER BY id")
          .compose(rows -> {
            for (Row r : rows) {
              Map<String, Object> p = new LinkedHashMap<>();
              p.put("id", r.getString(0));
              p.put("kind", r.getString(1));
              p.put("name", r.getString(2));
              p.put("gridCode", r.getString(5));
              p.put("capacity", r.getInteger(6));
              p.put("supplies", supplies(r.getString(7)));
              p.put("source", "resource");
              features.add(point(r.getString(0), r.getDouble(3), r.getDouble(4), p));
            }
            return db.query("SELECT id, kind, name, lon, lat, village_code FROM plan_point"
                + " WHERE kind IN ('party_service_centre', 'neighbourhood_centre') ORDER BY id");
          }).map(rows -> {
            for (Row r : rows) {
              Map<String, Object> p = new LinkedHashMap<>();
              String id = "plan-" + r.getLong(0);
              p.put("id", id);
              p.put("kind", "space");
              p.put("name", r.getString(2));
              p.put("villageCode", r.getString(5));
              p.put("source", r.getString(1));
              features.add(point(id, r.getDouble(3), r.getDouble(4), p));
            }
            out.put("numberReturned", features.size());
            return out;
          });
    });
  }

  private static Map<String, Object> point(String id, double lon, double lat, Map<String, Object> properties) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("type", "Feature");
    f.put("id", id);
    f.put("geometry", Map.of("type", "Point", "coordinates", List.of(lon, lat)));
    f.put("properties", properties);
    return f;
  }

  static Map<String, Integer> supplies(String text) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String pair : text.split(";")) {
      String[] kv = pair.split(":", 2);
      if (kv.length == 2 && !kv[0].isBlank()) {
        out.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
      }
    }
    return out;
  }

  /**
   * Imports emergency resources from CSV {@code id,kind,name,lon,lat,grid_code,capacity,supplies}
   * (kind space or supply; supplies as {@code tent:20;bed:50}), all or nothing, replacing rows
   * with the same id.
   */
  public Future<Map<String, Object>> importResources(byte[] csv) {
    List<List<String>> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    try {
      EventCsv.parse(new String(csv, java.nio.charset.StandardCharsets.UTF_8).replace("\uFEFF", ""), records, lines);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(ApiException.unprocessable(e.getMessage(), List.of()));
    }
    if (records.isEmpty()) {
      return Future.failedFuture(ApiException.unprocessable("the file is empty", List.of()));
    }
    List<String> header = records.get(0).stream().map(h -> h.trim().toLowerCase(java.util.Locale.ROOT)).toList();
    List<String> columns = List.of("id", "kind", "name", "lon", "lat", "grid_code", "capacity", "supplies");
    for (String c : List.of("id", "kind", "name", "lon", "lat")) {
      if (!header.contains(c)) {
        return Future.failedFuture(ApiException.unprocessable("missing column '" + c + "'", List.of()));
      }
    }
    List<Tuple> rows = new ArrayList<>();
    List<Map<String, Object>> problems = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      List<String> f = records.get(r);
      Map<String, String> v = new HashMap<>();
      for (String c : columns) {
        int i = header.indexOf(c);
        String s = i < 0 || i >= f.size() ? null : f.get(i).trim();
        v.put(c, s == null || s.isEmpty() ? null : s);
      }
      try {
        if (v.get("id") == null || v.get("name") == null) {
          throw new IllegalArgumentException("id and name are required");
        }
        if (!"space".equals(v.get("kind")) && !"supply".equals(v.get("kind"))) {
          throw new IllegalArgumentException("kind is space or supply");
        }
        double lon = Double.parseDouble(v.get("lon"));
        double lat = Double.parseDouble(v.get("lat"));
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
          throw new IllegalArgumentException("lon/lat out of range");
        }
        supplies(v.get("supplies"));
        rows.add(Tuple.tuple().addValue(v.get("id")).addValue(v.get("kind")).addValue(v.get("name")).addValue(lon)
            .addValue(lat).addValue(v.get("grid_code"))
            .addValue(v.get("capacity") == null ? null : Integer.parseInt(v.get("capacity"))).addValue(v.get("supplies")));
      } catch (RuntimeException e) {
        problems.add(Map.of("line", lines.get(r), "message", String.valueOf(e.getMessage())));
      }
    }
    if (!problems.isEmpty()) {
      return Future.failedFuture(ApiException.unprocessable(problems.size() + " rows are wrong; nothing was imported",
          problems));
    }
    return db.inTransaction(tx -> tx.batch("DELETE FROM emergency_resource WHERE id = ?",
            rows.stream().map(t -> Tuple.of(t.getString(0))).toList())
        .compose(v -> tx.batch("INSERT INTO emergency_resource (id, kind, name, lon, lat, grid_code, capacity, supplies)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)))
        .map(v -> Map.<String, Object>of("imported", rows.size()));
  }
}
