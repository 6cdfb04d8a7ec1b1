-- A recording may be evidence of a finding's rectification rather than of the report itself;
-- it stays under the finding's report (deleted with it), and its upload names the finding.
ALTER TABLE recordings ADD COLUMN finding_id TEXT REFERENCES findings (id) ON DELETE CASCADE;
CREATE INDEX recordings_by_finding ON recordings (finding_id, created_at) WHERE finding_id IS NOT NULL;
ALTER TABLE uploads ADD COLUMN finding_id TEXT;
