package org.gridscape.server.config;

import java.time.Duration;

/**
 * How the change feed keeps its log and whom its webhooks may call.
 *
 * @param retention               how long entries are kept; older ones are pruned (a reader further behind is told
 *                                so, see docs/CHANGE-FEED.md)
 * @param maxWebhooks             how many webhooks may be registered at once
 * @param webhookPrivateAddresses whether webhook URLs may name loopback, private (10/8, 172.16/12, 192.168/16,
 *                                fc00::/7) or link-local hosts: true suits a government intranet, where the systems to
 *                                notify live on private addresses; false refuses them (a server on a public cloud)
 */
public record ChangeFeedConfig(Duration retention, int maxWebhooks, boolean webhookPrivateAddresses) {

  public ChangeFeedConfig {
    if (retention == null || retention.compareTo(Duration.ofHours(1)) < 0) {
      throw new ConfigException("--change-retention-days must be positive");
    }
    if (maxWebhooks < 1 || maxWebhooks > 1000) {
      throw new ConfigException("--max-webhooks must be between 1 and 1000, got " + maxWebhooks);
    }
  }

  /** 30 days, 20 webhooks, private addresses allowed. */
  public static ChangeFeedConfig defaults() {
    return new ChangeFeedConfig(Duration.ofDays(30), 20, true);
  }

  public ChangeFeedConfig withRetention(Duration kept) {
    return new ChangeFeedConfig(kept, maxWebhooks, webhookPrivateAddresses);
  }
}
