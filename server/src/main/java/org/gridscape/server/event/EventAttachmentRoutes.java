package org.gridscape.server.event;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.AuthHandler;

/** The HTTP handlers of event photos (registered in {@code http.Routes}). */
public final class EventAttachmentRoutes {

  private final EventAttachments attachments;

  public EventAttachmentRoutes(EventAttachments attachments) {
    this.attachments = attachments;
  }

  /**
   * {@code POST /api/v1/events/{id}/attachments}: the image bytes as the body with Content-Type
   * image/jpeg, image/png or image/webp; 201 with the photo's number, download path and hash.
   */
  public Future<Map<String, Object>> upload(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    return attachments.upload(AuthHandler.principal(ctx), id, ctx.request().getHeader("Content-Type"),
        body == null ? null : body.getBytes()).map(photo -> {
          ctx.response().setStatusCode(201).putHeader("Location", photo.href());
          return photo.toMap();
        });
  }

  /**
   * {@code GET /api/v1/events/{id}/attachments/{n}}: the bytes with their type, a strong ETag (the
   * hash) and {@code Cache-Control: private}; 304 when the client has them.
   */
  public void download(RoutingContext ctx) {
    int n;
    try {
      n = Integer.parseInt(ctx.pathParam("n"));
    } catch (NumberFormatException e) {
      ctx.fail(ApiException.badRequest("the photo number must be a whole number, not '" + ctx.pathParam("n") + "'"));
      return;
    }
    attachments.find(AuthHandler.principal(ctx), ctx.pathParam("id"), n).compose(photo -> {
      var response = ctx.response().putHeader("ETag", photo.etag())
          .putHeader("Cache-Control", "private, max-age=86400");
      String match = ctx.request().getHeader("If-None-Match");
      if (match != null && (match.contains(photo.etag()) || match.trim().equals("*"))) {
        return response.setStatusCode(304).end();
      }
      return attachments.localFile(photo).compose(path -> response.putHeader("Content-Type", photo.contentType())
          .putHeader("Content-Disposition", "inline; filename=\"" + photo.eventId() + "-" + photo.n() + "."
              + EventAttachments.ImageType.ofMime(photo.contentType()).map(t -> t.extension).orElse("bin") + "\"")
          .sendFile(path.toString()));
    }).onFailure(ctx::fail);
  }
}
