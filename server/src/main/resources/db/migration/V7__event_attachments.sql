-- Photos uploaded to events (issue 10): the bytes live content-addressed under the data directory
-- (attachments/ab/abcdef....jpg, named by their SHA-256); a row of event_attachment records which
-- event they belong to. Rows of V5 without sha256 stay plain references (URLs, file names).
ALTER TABLE event_attachment ADD COLUMN sha256 CHAR(64);
ALTER TABLE event_attachment ADD COLUMN content_type VARCHAR(32);
ALTER TABLE event_attachment ADD COLUMN size_bytes BIGINT;
ALTER TABLE event_attachment ADD COLUMN uploaded_by VARCHAR(64);
ALTER TABLE event_attachment ADD COLUMN uploaded_at TIMESTAMP WITH TIME ZONE;
