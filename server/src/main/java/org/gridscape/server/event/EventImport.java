package org.gridscape.server.event;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bulk import of events in the events.csv format (the sample's month of events, a platform's
 * export): parsed off the event loop, located in their grids, written all or nothing. Split from
 * {@link EventService}.
 */
final class EventImport {

  private static final Logger LOG = LoggerFactory.getLogger(EventImport.class);

  private final Vertx vertx;
  private final Database db;
  private final EventStore store;
  private final Supplier<OffsetDateTime> clock;

  EventImport(Vertx vertx, Database db, EventStore store, Supplier<OffsetDateTime> clock) {
    this.vertx = vertx;
    this.db = db;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Imports events in the events.csv format, all or nothing: 422 listing the rows at fault, else
   * the events are written (rows with an existing id replace it). A row without a grid code lands
   * in the published grid containing its location; without a deadline it gets the policy's.
   */
  Future<Map<String, Object>> importCsv(byte[] csv, String actor) {
    return vertx.executeBlocking(() -> EventCsv.read(csv)).compose(read -> {
      if (!read.problems().isEmpty()) {
        throw EventException.unprocessable(read.problems().size() + (read.problems().size() >= EventCsv.MAX_PROBLEMS
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
        throw EventException.unprocessable(problems.size() + " rows of the events file have no grid; nothing was imported",
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
    OffsetDateTime now = clock.get();
    return db.inTransaction(tx -> {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < events.size(); i += EventService.IMPORT_BATCH) {
        List<Event> chunk = events.subList(i, Math.min(events.size(), i + EventService.IMPORT_BATCH));
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
}
