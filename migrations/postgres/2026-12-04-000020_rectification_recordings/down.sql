ALTER TABLE uploads DROP COLUMN finding_id;
DROP INDEX recordings_by_finding;
ALTER TABLE recordings DROP COLUMN finding_id;
