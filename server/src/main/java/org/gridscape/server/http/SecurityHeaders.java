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
 * One exception, proven necessary by {@code web-viewer/test/csp-e2e.mjs}: the 3D viewer's page
 * ({@code /}, {@code /index.html}) also allows {@code 'unsafe-eval'}, because the CesiumJS bundle
 * (1.145, {@code vendor/cesium/index.js}) includes Knockout for its widgets, which runs
 * {@code (0,eval)("this")} when the module loads and compiles data bindings with {@code new Function};
 * without it the viewer does not start. Every other page, script, worker and API response gets the
 * policy without it. Removing it needs the viewer to import {@code @cesium/engine} without the widgets.
 */
public final class SecurityHeaders {

  static final List<String> PAGES = List.of("webroot/index.html", "webroot/editor.html", "webroot/report.html");
  private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(\\s[^>]*)?>(.*?)</script>", Pattern.DOTALL);

  private static final java.util.Set<String> VIEWER_PAGES = java.util.Set.of("/", "/index.html");

  private final String policy;
  private final String viewerPolicy;

  private SecurityHeaders(String policy, String viewerPolicy) {
    this.policy = policy;
    this.viewerPolicy = viewerPolicy;
  }

  /** The policy for the web pages found on the class path (pages that are missing are skipped). */
  public static SecurityHeaders forWebApps() {
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
    return new SecurityHeaders(policy(hashes, false), policy(hashes, true));
  }

  /** The policy of every response but the viewer's page. */
  public String contentSecurityPolicy() {
    return policy;
  }

  static String policy(List<String> scriptHashes, boolean cesiumWidgets) {
    StringBuilder scripts = new StringBuilder(cesiumWidgets ? "'self' 'unsafe-eval' 'wasm-unsafe-eval'"
        : "'self' 'wasm-unsafe-eval'");
    scriptHashes.stream().distinct().forEach(h -> scripts.append(" '").append(h).append('\''));
    return "default-src 'self'; script-src " + scripts + "; worker-src 'self';"
        + " img-src 'self' data: blob:; connect-src 'self' data: blob:; font-src 'self' data:;"
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
        .set("Content-Security-Policy", VIEWER_PAGES.contains(ctx.normalizedPath()) ? viewerPolicy : policy);
    ctx.next();
  }
}
