-- Audit of every write over HTTP (issue 11), beside the full reads of personal data (V1 audit_log).
-- One statement per column: H2 and PostgreSQL accept this form alike.
ALTER TABLE audit_log ADD COLUMN method VARCHAR(8);
ALTER TABLE audit_log ADD COLUMN path VARCHAR(512);
ALTER TABLE audit_log ADD COLUMN status INT;
-- The API key an apiclient acted with (its public id, never the secret).
ALTER TABLE audit_log ADD COLUMN api_key_id VARCHAR(32);
CREATE INDEX audit_log_actor ON audit_log (actor, occurred_at);
CREATE INDEX audit_log_action ON audit_log (action, occurred_at);
