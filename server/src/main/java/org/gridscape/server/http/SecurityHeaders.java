package org.gridscape.server.http;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headers that every response carries: nosniff, a same-origin referrer, and a Content Security
 * Policy that lets the web apps (CesiumJS, MapLibre GL JS, ECharts, all served from this origin)
 * work and nothing else:
 * <ul>
 *   <li>scripts from this origin, plus the web pages' own inline scripts by hash (the viewer's
 *       {@code CESIUM_BASE_URL} and its import map), hashed from the pages at start-up so an edit of
 *       a page cannot silently break it; {@code 'wasm-unsafe-eval'} lets Cesium compile its
 *       WebAssembly decoders (Draco, KTX2) and allows no JavaScript eval;</li>
 *   <li>workers from this origin only (Cesium's and MapLibre's worker scripts are served here);</li>
 *   <li>images from this origin, {@code data:} and {@code blob:} (Cesium and MapLibre decode
 *       textures and icons through both); fetches from this origin, {@code data:} and {@code blob:};</li>
 *   <li>styles from this origin and inline: CesiumJS inserts a {@code <style>} element and style
 *       attributes (without {@code 'unsafe-inline'} csp-e2e.mjs sees both refused); styles cannot
 *       run code;</li>
 *   <li>no plugins, no framing by any page (clickjacking), forms and base URLs to this origin only.</li>
 * </ul>
 * No page gets {@code 'unsafe-eval'}: the one eval on the viewer's start-up path, Knockout's
 * {@code (0,eval)("this")} inside the CesiumJS bundle, is replaced by {@code globalThis} when the
 * web-viewer module packs the bundle ({@code web-viewer/scripts/patch-cesium.mjs});
 * {@code web-viewer/test/csp-e2e.mjs} proves the viewer, editor and report page run under this policy.
 */
public final class SecurityHeaders {

  static final List<String> PAGES = List.of("webroot/index.html", "webroot/editor.html", "webroot/report.html",
      "webroot/leader.html");
  private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(\\s[^>]*)?>(.*?)</script>", Pattern.DOTALL);

  private final String policy;

  private SecurityHeaders(String policy) {
    this.policy = policy;
  }

  /** The policy for the web pages found on the class path (pages that are missing are skipped). */
  public static SecurityHeaders forWebApps() {
    return forWebApps(List.of());
  }

  /** As {@link #forWebApps()}, with the origins of configured online base maps allowed for images. */
  public static SecurityHeaders forWebApps(List<String> imageOrigins) {
    List<String> hashes = new ArrayList<>();
    for (String page : PAGES) {
      try (InputStream in = SecurityHeaders.class.getClassLoader().getResourceAsStream(page)) {
        if (in != null) {
          hashes.addAll(inlineScriptHashes(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + page, e);
      }
    }
    return new SecurityHeaders(policy(hashes, imageOrigins));
  }

  /** The policy of every response. */
  public String contentSecurityPolicy() {
    return policy;
  }

  static String policy(List<String> scriptHashes) {
    return policy(scriptHashes, List.of());
  }

  static String policy(List<String> scriptHashes, List<String> imageOrigins) {
    StringBuilder images = new StringBuilder("'self' data: blob:");
    imageOrigins.stream().distinct().forEach(o -> images.append(' ').append(o));
    StringBuilder scripts = new StringBuilder("'self' 'wasm-unsafe-eval'");
    scriptHashes.stream().distinct().forEach(h -> scripts.append(" '").append(h).append('\''));
    return "default-src 'self'; script-src " + scripts + "; worker-src 'self';"
        + " img-src " + images + "; connect-src " + images + "; font-src 'self' data:;"
        + " style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self';"
        + " form-action 'self'; frame-ancestors 'none'";
  }

  /** {@code sha256-...} of every inline (no {@code src}) script of an HTML page, as browsers hash them. */
  static List<String> inlineScriptHashes(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = INLINE_SCRIPT.matcher(html);
    while (m.find()) {
      String attributes = m.group(1) == null ? "" : m.group(1);
      if (attributes.contains("src=")) {
        continue;
      }
      out.add("sha256-" + Base64.getEncoder().encodeToString(sha256(m.group(2))));
    }
    return out;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sets the headers; the route handler for every request. */
  public void handle(RoutingContext ctx) {
    ctx.response().headers()
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "same-origin")
        .set("X-Frame-Options", "DENY")
        .set("Content-Security-Policy", policy);
    ctx.next();
  }
}
