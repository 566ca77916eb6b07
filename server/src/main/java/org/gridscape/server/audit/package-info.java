/**
 * The audit trail (DESIGN.md, Security): every write over HTTP ({@link WriteAudit}), every full read
 * of personal data ({@code layer.AuditLog}) and other recorded acts land in {@code audit_log}, which
 * admins query through {@code GET /api/v1/audit} ({@link AuditRoutes}).
 */
package org.gridscape.server.audit;
