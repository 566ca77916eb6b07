package org.gridscape.server.event;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
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
import org.gridscape.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.gridscape.server.DomainException.Refusal;

/**
 * Events and the seven-step loop: reports, transitions under {@link Workflow}, lists, the leaders'
 * figures and the bulk import of events.csv; the district mode and emergency resources are
 * {@link DistrictReadiness}'s. Time comes from the injected
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
   * {@code patrol}: the reporter's own patrol it was made on (linked); {@code clientId}: the phone's id
   * of the report, so that a report sent again (after a lost answer) finds the event it created.
   * Without a title the category names it: descriptions are free text that may name people, and
   * titles are shown on the public map layer.
   */
  public record NewEvent(EventCategory category, EventLevel level, String title, String description, double lon,
      double lat, List<String> attachments, String reporterName, Step step, String patrol, String clientId) {

    /** A report without a patrol and without the phone's own id. */
    public NewEvent(EventCategory category, EventLevel level, String title, String description, double lon,
        double lat, List<String> attachments, String reporterName, Step step) {
      this(category, level, title, description, lon, lat, attachments, reporterName, step, null, null);
    }

    public NewEvent {
      for (String id : new String[] {patrol, clientId}) {
        if (id != null && !id.matches("[A-Za-z0-9._:-]{1,64}")) {
          throw new IllegalArgumentException((id == patrol ? "patrol" : "clientId")
              + ": 1-64 letters, digits or . _ : -");
        }
      }
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
      List<EventStep> steps, List<Action> allowed, List<Action> yours, EventOrigin origin) {}

  private final Vertx vertx;
  private final Database db;
  private final EventStore store;
  private final UserStore users;
  private final Clock clock;
  private final DistrictReadiness readiness;
  private final EventImport imports;

  public EventService(Vertx vertx, Database db, Clock clock) {
    this.vertx = vertx;
    this.db = db;
    this.store = new EventStore(db);
    this.users = new UserStore(db);
    this.clock = clock;
    this.readiness = new DistrictReadiness(db, this::now);
    this.imports = new EventImport(vertx, db, store, this::now);
  }

  /** The district mode (平战转换) and its emergency resources. */
  public DistrictReadiness readiness() {
    return readiness;
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
      return Future.failedFuture(EventException.forbidden("reports are made by grid workers and leaders"));
    }
    Future<Optional<String>> earlier = report.clientId() == null ? Future.succeededFuture(Optional.empty())
        : store.byClientId(who.username(), report.clientId());
    return earlier.compose(found -> found.isPresent() ? detail(who, found.get()) : checkPatrol(who, report)
        .compose(v -> locateAndInsert(who, report)));
  }

  /** Whether a request created the event or found the one an earlier sending of it created. */
  public static boolean created(EventDetail detail, NewEvent report) {
    return detail.origin() == null || report.clientId() == null || detail.origin().fresh();
  }

  /** A report linked to a patrol must name one of the reporter's own patrols. */
  private Future<Void> checkPatrol(Principal who, NewEvent report) {
    if (report.patrol() == null) {
      return Future.succeededFuture();
    }
    return store.patrolWorker(report.patrol()).map(worker -> {
      if (worker.isEmpty()) {
        throw new EventException(Refusal.REFUSED, "unknown_patrol", "no patrol '" + report.patrol()
            + "'; start it before reporting on it", List.of(Map.of("field", "patrol")));
      }
      if (!worker.get().equals(who.username())) {
        throw EventException.forbidden("patrol " + report.patrol() + " is another worker's");
      }
      return null;
    });
  }

  private Future<EventDetail> locateAndInsert(Principal who, NewEvent report) {
    return store.publishedGridAt(report.lon(), report.lat()).compose(found -> {
      String grid = found.orElseThrow(() -> new EventException(Refusal.REFUSED, "outside_grids",
          "no published grid contains "
          + report.lon() + "," + report.lat() + "; pick a location inside a unit grid"));
      if (!who.covers(grid)) {
        throw EventException.forbidden("the location lies in grid " + grid + ", outside your assigned grids");
      }
      return readiness.mode().compose(mode -> insertReport(who, report, grid, mode.mode(), 0));
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
              .compose(v -> report.patrol() == null && report.clientId() == null ? Future.<Void>succeededFuture()
                  : store.on(tx).insertOrigin(id, who.username(), report.clientId(), report.patrol()))
              .compose(v -> ChangeLog.append(tx, Change.event(id, grid, event.version()))))
          .map(v -> event)
          .recover(e -> {
            if (attempt < 5 && isDuplicate(e)) {
              // the phone sent the same report twice at once: the other request created it
              Future<Optional<String>> same = report.clientId() == null ? Future.succeededFuture(Optional.empty())
                  : store.byClientId(who.username(), report.clientId());
              return same.compose(other -> other.isPresent() ? store.find(other.get()).map(Optional::get)
                  : insertReport(who, report, grid, mode, attempt + 1).map(EventDetail::event));
            }
            return Future.failedFuture(e);
          });
    }).compose(event -> {
      LOG.debug("Event {} reported in grid {} by {}", event.id(), grid, who.username());
      return detail(who, event.id()).map(d -> d.origin() == null ? d : new EventDetail(d.event(), d.attachments(),
          d.photos(), d.steps(), d.allowed(), d.yours(), d.origin().asFresh()));
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
      Event event = found.orElseThrow(() -> EventException.notFound("no event '" + id + "'"));
      return sectorsOf(who).compose(sectors -> {
        requireVisible(who, event, sectors);
        List<Action> allowed = Workflow.allowed(event);
        List<Action> yours = new ArrayList<>();
        for (Action action : allowed) {
          try {
            Workflow.authorize(who, event, action, sectors);
            yours.add(action);
          } catch (EventException denied) {
            // not this caller's action
          }
        }
        return store.attachments(id).compose(attachments -> store.photos(id).compose(photos -> store.steps(id)
            .compose(steps -> store.origin(id).map(origin -> new EventDetail(event, attachments, photos, steps,
                allowed, yours, origin.orElse(null))))));
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
      throw EventException.forbidden("event " + event.id() + " is outside your grids and sector");
    }
  }

  /**
   * Events the caller may see, newest first: leaders and grid workers within their scopes,
   * departments their sector's events and those assigned to them.
   */
  public Future<List<Event>> list(Principal who, EventFilter filter, int limit, int offset) {
    if (limit < 1 || limit > 10_000 || offset < 0) {
      return Future.failedFuture(EventException.badRequest("limit must be 1..10000 and offset >= 0"));
    }
    if (who.has(Role.ADMIN) || who.hasAny(Role.LEADER, Role.GRIDWORKER)) {
      return store.list(filter, who.has(Role.ADMIN) ? List.of() : prefixes(who), null, null, limit, offset);
    }
    if (who.has(Role.DEPARTMENT)) {
      return sectorsOf(who).compose(sectors -> store.list(filter, List.of(), sectors, who.username(), limit, offset));
    }
    return Future.failedFuture(EventException.forbidden("events are for leaders, departments and grid workers"));
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
        Event event = found.orElseThrow(() -> EventException.notFound("no event '" + id + "'"));
        requireVisible(who, event, sectors);
        if (request.version() != null && request.version() != event.version()) {
          throw EventException.conflict("event " + id + " is at version " + event.version() + ", not "
              + request.version() + "; reload it");
        }
        Step next = Workflow.next(event, request.action());
        String role = Workflow.authorize(who, event, request.action(), sectors);
        return apply(event, request, next, who).compose(changed -> {
          OffsetDateTime now = now();
          return txStore.update(changed, event.version(), now).compose(updated -> {
            if (!updated) {
              throw EventException.conflict("event " + id + " was changed at the same time; reload it and retry");
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
          throw new EventException(Refusal.CONFLICT, "illegal_transition", "event " + e.id() + " is already at the "
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
      return Future.failedFuture(EventException.badRequest("dispatch needs 'assignee': a department user or grid worker"));
    }
    return users.find(assignee).compose(found -> {
      if (found.isEmpty() || found.get().disabled()) {
        throw EventException.unprocessable("no active user '" + assignee + "'", List.of(Map.of("assignee", assignee)));
      }
      Principal target = found.get().principal();
      return store.sectors(assignee).map(sectors -> {
        if (target.has(Role.DEPARTMENT) && sectors.contains(e.category())) {
          return "department";
        }
        if (target.has(Role.GRIDWORKER) && target.covers(e.gridCode())) {
          return "gridworker";
        }
        throw EventException.unprocessable("'" + assignee + "' can take event " + e.id() + " only as a department user"
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
        : Future.failedFuture(EventException.notFound("no user '" + username + "'")));
  }

  /** Sets the categories a department user handles; 422 when the user is not a department user. */
  public Future<Set<EventCategory>> setSectors(String username, Set<EventCategory> categories) {
    return users.find(username).compose(found -> {
      if (found.isEmpty() || !found.get().roles().contains(Role.DEPARTMENT)) {
        throw EventException.unprocessable("'" + username + "' is not a department user", List.of());
      }
      return db.inTransaction(tx -> store.on(tx).replaceSectors(username, categories)).map(v -> categories);
    });
  }

  /** The event sectors of a department user (empty for other roles); proposals' review uses them too. */
  public Future<Set<EventCategory>> sectorsOf(Principal who) {
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
      return Future.failedFuture(EventException.forbidden("event figures are for leaders, departments and grid workers"));
    }
    if (region == null && !who.scopes().isEmpty() && !who.has(Role.ADMIN)) {
      return Future.failedFuture(EventException.forbidden("give ?region= within your assigned areas"));
    }
    if (region != null && !who.covers(region)) {
      return Future.failedFuture(EventException.forbidden("'" + region + "' is outside your assigned areas"));
    }
    OffsetDateTime start = from == null ? BEGINNING : from;
    OffsetDateTime end = to == null ? END : to;
    OffsetDateTime at = asOf == null ? now() : asOf;
    return regions().compose(tree -> {
      boolean grid = region != null && region.length() == 15;
      if (region != null && !grid && !tree.contains(region)) {
        throw EventException.notFound("no region '" + region + "'");
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

  // ---------------------------------------------------------------- import

  /** Imports the sample's events.csv; see {@link #importCsv(byte[], String)}. */
  public Future<Map<String, Object>> importCsv(byte[] csv) {
    return importCsv(csv, "import");
  }

  /**
   * Imports events in the events.csv format, all or nothing: 422 listing the rows at fault, else
   * the events are written (rows with an existing id replace it). See {@link EventImport}.
   */
  public Future<Map<String, Object>> importCsv(byte[] csv, String actor) {
    return imports.importCsv(csv, actor);
  }
}
