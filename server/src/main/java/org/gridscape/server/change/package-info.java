/**
 * The change feed (issue 22): every write appends what it changed to an ordered log in its own
 * transaction ({@link org.gridscape.server.change.ChangeLog}); readers page through it or follow
 * it as Server-Sent Events ({@link org.gridscape.server.change.ChangeFeed}), each within its scope
 * ({@link org.gridscape.server.change.ChangeScope}); administrators' webhooks receive it signed
 * ({@link org.gridscape.server.change.WebhookWorker}).
 */
package org.gridscape.server.change;
