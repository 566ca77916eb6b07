package org.gridscape.server.event;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.ObjectCache;
import org.gridscape.server.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.gridscape.server.DomainException.Refusal;

/**
 * Photos of events: uploaded bytes are checked (JPEG, PNG or WebP by their magic bytes, at most
 * {@link #MAX_BYTES}), stored once under {@code <dataDir>/attachments/ab/abcdef....ext} named by
 * their SHA-256 (with replicas: as the shared object {@code attachments/ab/abcdef....ext}, each
 * replica keeping a read-through copy at that path), and recorded as the next attachment of the
 * event. Photos keep their EXIF (phones put the orientation there) and are served only to those
 * who may read the event; they are never part of the map layer, vector tiles or OGC outputs.
 */
public final class EventAttachments {

  private static final Logger LOG = LoggerFactory.getLogger(EventAttachments.class);
  public static final long MAX_BYTES = 10L * 1024 * 1024;

  /** The image types accepted, with the file extension they are stored under (visits' photos check by it too). */
  public enum ImageType {
    JPEG("image/jpeg", "jpg"), PNG("image/png", "png"), WEBP("image/webp", "webp");

    public final String mime;
    public final String extension;

    ImageType(String mime, String extension) {
      this.mime = mime;
      this.extension = extension;
    }

    public static Optional<ImageType> ofMime(String mime) {
      for (ImageType t : values()) {
        if (t.mime.equals(mime)) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }

    /** Whether the bytes start the way files of this type do. */
    public boolean matches(byte[] b) {
      return switch (this) {
        case JPEG -> b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
        case PNG -> b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
            && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A;
        case WEBP -> b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
            && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P';
      };
    }
  }

  /** One stored photo of an event: {@code n} is its position among the event's attachments (from 1). */
  public record StoredPhoto(String eventId, int n, String sha256, String contentType, long size, String uploadedBy,
      OffsetDateTime uploadedAt) {

    public String href() {
      return "/api/v1/events/" + eventId + "/attachments/" + n;
    }

    public String etag() {
      return "\"" + sha256 + "\"";
    }

    Map<String, Object> toMap() {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      out.put("n", n);
      out.put("href", href());
      out.put("contentType", contentType);
      out.put("size", size);
      out.put("sha256", sha256);
      out.put("uploadedBy", uploadedBy);
      out.put("uploadedAt", EventJson.time(uploadedAt));
      return out;
    }
  }

  private final Vertx vertx;
  private final Database db;
  private final EventService events;
  private final EventStore store;
  private final Path root;
  /** With replicas: the shared store's {@code attachments/...} objects, {@link #root} their local copies. */
  private final ObjectCache shared;

  public EventAttachments(Vertx vertx, Database db, EventService events, Path dataDir) {
    this(vertx, db, events, dataDir, Optional.empty());
  }

  /** @param sharedObjects the store replicas share; photos are written there and read through {@code dataDir/attachments} */
  public EventAttachments(Vertx vertx, Database db, EventService events, Path dataDir,
      Optional<ObjectStore> sharedObjects) {
    this.vertx = vertx;
    this.db = db;
    this.events = events;
    this.store = new EventStore(db);
    this.root = dataDir.resolve("attachments");
    this.shared = sharedObjects.map(objects -> new ObjectCache(objects, "attachments/", root)).orElse(null);
  }

  /** Where a photo's bytes live: {@code attachments/ab/abcdef....ext}. */
  Path file(String sha256, String contentType) {
    return root.resolve(relativeName(sha256, contentType));
  }

  /** {@code ab/abcdef....ext}: the photo's path under the attachments folder and its object name there. */
  private static String relativeName(String sha256, String contentType) {
    String ext = ImageType.ofMime(contentType).map(t -> t.extension).orElse("bin");
    return sha256.substring(0, 2) + "/" + sha256 + "." + ext;
  }

  /**
   * Whether the caller may add photos to the event: admins, its reporter, assignee and handler,
   * and leaders and grid workers whose scopes cover its grid. Departments that merely see the
   * event through their sector do not, until it is assigned to them.
   */
  static boolean mayAttach(Principal who, Event e) {
    String me = who.username();
    return who.has(Role.ADMIN) || me.equals(e.reporter()) || me.equals(e.assignee()) || me.equals(e.handledBy())
        || who.hasAny(Role.LEADER, Role.GRIDWORKER) && who.covers(e.gridCode());
  }

  /**
   * Stores a photo and records it as the event's next attachment: 404 no event, 403 not the
   * caller's, 415 not a JPEG/PNG/WebP (by header and bytes), 413 over {@link #MAX_BYTES},
   * 409 closed or already holding {@link EventService#MAX_ATTACHMENTS} attachments.
   */
  public Future<StoredPhoto> upload(Principal who, String eventId, String contentType, byte[] bytes) {
    return events.get(who, eventId).compose(detail -> {
      Event event = detail.event();
      if (!mayAttach(who, event)) {
        throw EventException.forbidden("only the reporter, the assignee, admins and leaders or grid workers of grid "
            + event.gridCode() + " add photos to event " + eventId);
      }
      if (!event.step().open()) {
        throw EventException.conflict("event " + eventId + " is closed; reopen it to add photos");
      }
      String mime = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
      ImageType type = ImageType.ofMime(mime).orElseThrow(() -> new EventException(Refusal.UNSUPPORTED_TYPE,
          "unsupported_media_type",
          "a photo is sent as image/jpeg, image/png or image/webp, not '" + (mime.isEmpty() ? "(none)" : mime) + "'",
          List.of(Map.of("contentType", mime, "accepted", List.of("image/jpeg", "image/png", "image/webp")))));
      if (bytes == null || bytes.length == 0) {
        throw EventException.badRequest("send the photo's bytes as the request body");
      }
      if (bytes.length > MAX_BYTES) {
        throw new EventException(Refusal.TOO_LARGE, "payload_too_large", "a photo has at most "
            + MAX_BYTES / (1024 * 1024)
            + " MB; this one has " + bytes.length + " bytes", List.of(Map.of("size", bytes.length, "max", MAX_BYTES)));
      }
      if (!type.matches(bytes)) {
        throw new EventException(Refusal.UNSUPPORTED_TYPE, "unsupported_media_type", "the body is not a "
            + type.extension.toUpperCase(java.util.Locale.ROOT) + " image although Content-Type says " + type.mime,
            List.of(Map.of("contentType", type.mime)));
      }
      return vertx.executeBlocking(() -> write(bytes, type))
          .compose(sha -> record(who, event, sha, type, bytes.length));
    });
  }

  /** Writes the bytes under their hash unless they are there already; returns the hash. */
  private String write(byte[] bytes, ImageType type) throws IOException {
    String sha = sha256(bytes);
    if (shared != null) {
      // into the shared store before the row: every replica finds the bytes of a recorded photo
      shared.put(relativeName(sha, type.mime), bytes);
      shared.flush();
      return sha;
    }
    Path target = file(sha, type.mime);
    if (Files.exists(target)) {
      return sha;
    }
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), sha.substring(0, 8), ".part");
    try {
      Files.write(temp, bytes);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (FileAlreadyExistsException e) {
      // the same photo was written at the same moment: same bytes, same name
    } finally {
      Files.deleteIfExists(temp);
    }
    return sha;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Future<StoredPhoto> record(Principal who, Event event, String sha, ImageType type, long size) {
    OffsetDateTime now = events.now();
    return db.inTransaction(tx -> tx.query("SELECT COUNT(*), MAX(seq) FROM event_attachment WHERE event_id = ?",
        Tuple.of(event.id())).compose(rows -> {
          Row r = rows.iterator().next();
          long count = ((Number) r.getValue(0)).longValue();
          int next = r.getValue(1) == null ? 1 : ((Number) r.getValue(1)).intValue() + 1;
          if (count >= EventService.MAX_ATTACHMENTS) {
            throw EventException.conflict("event " + event.id() + " has " + count + " attachments, the most it takes");
          }
          StoredPhoto photo = new StoredPhoto(event.id(), next, sha, type.mime, size, who.username(), now);
          return tx.query("INSERT INTO event_attachment (event_id, seq, ref, sha256, content_type, size_bytes,"
              + " uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Tuple.tuple().addValue(event.id())
              .addValue(next).addValue(photo.href()).addValue(sha).addValue(type.mime).addValue(size)
              .addValue(who.username()).addValue(EventStore.utc(now)))
              .compose(v -> ChangeLog.append(tx, Change.attachment(event.id(), event.gridCode(), next))).map(v -> photo);
        })).recover(e -> Future.failedFuture(isDuplicate(e)
            ? EventException.conflict("another photo was added to event " + event.id()
                + " at the same time; send it again")
            : e))
        .onSuccess(p -> LOG.debug("Photo {} of event {} stored ({} bytes)", p.n(), p.eventId(), p.size()));
  }

  private static boolean isDuplicate(Throwable e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return !(e instanceof EventException)
        && (m.contains("duplicate") || m.contains("unique") || m.contains("primary key"));
  }

  /**
   * The stored photo {@code n} of the event, for those who may read the event: 404 when there is
   * no such attachment or it is a plain reference, not an uploaded file.
   */
  public Future<StoredPhoto> find(Principal who, String eventId, int n) {
    return events.get(who, eventId).map(detail -> detail.photos().stream()
        .filter(p -> p.n() == n).findFirst().orElseThrow(() -> EventException.notFound("event " + eventId
            + " has no uploaded photo " + n)));
  }

  /**
   * The photo's bytes on disk: with replicas this replica's copy of the shared object, read from
   * the store the first time; otherwise {@link #existingFile}.
   */
  Future<Path> localFile(StoredPhoto photo) {
    if (shared == null) {
      return Future.succeededFuture(existingFile(photo));
    }
    return vertx.executeBlocking(() -> {
      Path path = shared.file(relativeName(photo.sha256(), photo.contentType()));
      if (path == null) {
        throw missing(photo);
      }
      return path;
    }, false);
  }

  private static EventException missing(StoredPhoto photo) {
    LOG.warn("Photo {} of event {} is recorded but its file is missing", photo.n(), photo.eventId());
    return EventException.notFound("the file of photo " + photo.n() + " of event " + photo.eventId() + " is missing");
  }

  /** The photo's bytes on disk; a missing file (data directory restored without it) is a 404. */
  Path existingFile(StoredPhoto photo) {
    Path path = file(photo.sha256(), photo.contentType());
    if (!Files.isRegularFile(path)) {
      throw missing(photo);
    }
    return path;
  }
}
