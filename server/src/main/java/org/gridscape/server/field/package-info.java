/**
 * Grid workers' visits (入户走访) and information collection (信息采集).
 *
 * <p>{@link org.gridscape.server.field.VisitService} records check-ins at buildings of the worker's
 * own grids (idempotent by the phone's id; flagged farther than 50 m from the footprint) in the V18
 * {@code visit} table; {@link org.gridscape.server.field.CollectionService} keeps proposed changes
 * to a grid's layers ({@link org.gridscape.server.field.Proposal}, V19 {@code field_collection}) and
 * their review, an approval writing the layers, the scene's dirty mark, the audit log and the change
 * feed in one transaction. {@link org.gridscape.server.field.FieldRoutes} is the HTTP side under
 * {@code /api/v1/visits} and {@code /api/v1/field-collections}. docs/FIELD.md describes the API, who
 * may do and read what, and the personal data.
 */
package org.gridscape.server.field;
