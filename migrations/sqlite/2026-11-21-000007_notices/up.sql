-- Monthly notices (SPEC 3.6), the scheduler's once-per-period claims, and the score a report
-- keeps once an appeal overturned one of its findings.

-- A report's score and grade without its overturned findings; NULL while none is overturned.
-- The original score stays as written: it is part of the evidence.
ALTER TABLE reports ADD COLUMN standing_score_half INTEGER CHECK (standing_score_half BETWEEN 0 AND 200);
ALTER TABLE reports ADD COLUMN standing_grade TEXT CHECK (standing_grade IN ('excellent', 'good', 'pass', 'fail'));

-- Aggregates select approved reports by visit time.
CREATE INDEX reports_approved_visits ON reports (status, visit_started_at);
CREATE INDEX findings_visits ON findings (visit_at);

CREATE TABLE notices (
    id            TEXT PRIMARY KEY,
    -- 'YYYY-MM' in the configured time zone; one notice per month.
    period        TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    -- The snapshot (JSON) every export is rendered from.
    content       TEXT NOT NULL,
    generated_at  TIMESTAMP NOT NULL,
    -- NULL when the scheduler or the command line generated it.
    generated_by  TEXT REFERENCES users (id),
    published_at  TIMESTAMP,
    published_by  TEXT REFERENCES users (id),
    CHECK ((status = 'published') = (published_at IS NOT NULL))
);

-- The findings a notice covers, as they stood when it was generated (the CSV's and the
-- workbook's rows); publishing the notice publishes exactly these.
CREATE TABLE notice_findings (
    notice_id   TEXT NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    finding_id  TEXT NOT NULL REFERENCES findings (id),
    report_id   TEXT NOT NULL,
    unit_id     TEXT NOT NULL,
    unit_code   TEXT NOT NULL,
    unit_name   TEXT NOT NULL,
    unit_type   TEXT NOT NULL,
    district    TEXT NOT NULL,
    item_code   TEXT NOT NULL,
    severity    TEXT NOT NULL,
    critical    BOOLEAN NOT NULL,
    is_repeat   BOOLEAN NOT NULL,
    status      TEXT NOT NULL,
    deadline    TIMESTAMP NOT NULL,
    visit_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (notice_id, finding_id)
);
CREATE INDEX notice_findings_order ON notice_findings (notice_id, unit_code, item_code, finding_id);

-- A published notice is a snapshot: it never changes.
CREATE TRIGGER notices_frozen_update BEFORE UPDATE ON notices
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, 'notice is published and frozen'); END;
CREATE TRIGGER notices_frozen_delete BEFORE DELETE ON notices
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, 'notice is published and frozen'); END;

-- Scheduled work done once across replicas: the first to insert (job, period) runs it.
CREATE TABLE job_runs (
    job         TEXT NOT NULL,
    period      TEXT NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (job, period)
);
