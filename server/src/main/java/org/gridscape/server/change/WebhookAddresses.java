package org.gridscape.server.change;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Whether a webhook's host may be called when private addresses are refused
 * ({@code --webhook-private-addresses false}): the host's addresses are looked up once, at
 * registration, and none may be loopback, private, link-local (cloud metadata services live there)
 * or unspecified. A name that later resolves elsewhere is not checked again.
 */
final class WebhookAddresses {

  private WebhookAddresses() {}

  static Future<Void> requirePublic(Vertx vertx, String url) {
    String host = URI.create(url).getHost();
    return vertx.executeBlocking(() -> {
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(host);
      } catch (UnknownHostException e) {
        throw new WebhookRefusedException("url: the host '" + host + "' is not known");
      }
      for (InetAddress address : addresses) {
        if (isPrivate(address)) {
          throw new WebhookRefusedException("url: the host '" + host + "' is the private address "
              + address.getHostAddress() + ", and this server refuses private addresses for webhooks");
        }
      }
      return null;
    }, false);
  }

  static boolean isPrivate(InetAddress a) {
    byte[] b = a.getAddress();
    boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
    return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
        || a.isMulticastAddress() || uniqueLocalV6;
  }
}
