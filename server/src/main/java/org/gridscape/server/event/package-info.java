/**
 * Events (事) and the seven-step closed loop: grid patrol, information collection, discovery at
 * the source, task dispatch, handling, verification and feedback, performance supervision, closed.
 *
 * <p>{@link org.gridscape.server.event.Workflow} holds the state machine and who may act at each
 * step; {@link org.gridscape.server.event.Deadlines} the time allowed per category, level and
 * district mode; {@link org.gridscape.server.event.EventStats} the leaders' figures;
 * {@link org.gridscape.server.event.EventService} ties them to the V5 tables under an injected
 * clock, and {@link org.gridscape.server.event.EventRoutes} to HTTP. docs/EVENTS.md describes the
 * API, the role table and the formulas.
 */
package org.gridscape.server.event;
