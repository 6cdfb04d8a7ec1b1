-- Findings (SPEC 3.5): one per minor or major rating of an approved report, created in the
-- approval's transaction.
CREATE TABLE findings (
    id                 TEXT PRIMARY KEY,
    report_id          TEXT NOT NULL REFERENCES reports (id),
    unit_id            TEXT NOT NULL REFERENCES units (id),
    item_code          TEXT NOT NULL,
    severity           TEXT NOT NULL CHECK (severity IN ('minor', 'major')),
    critical           BOOLEAN NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('open', 'rectifying', 'rectified', 'verified', 'overdue', 'overturned')),
    deadline           TIMESTAMP NOT NULL,
    is_repeat          BOOLEAN NOT NULL,
    -- When the visit that found it started: the repeat rule and monthly periods use it.
    visit_at           TIMESTAMP NOT NULL,
    -- Until published, the unit does not see it.
    published_at       TIMESTAMP,
    rectification      TEXT,
    rectified_at       TIMESTAMP,
    verdict_comment    TEXT,
    verified_by        TEXT REFERENCES users (id),
    appeal_reason      TEXT,
    appealed_at        TIMESTAMP,
    appeal_decision    TEXT CHECK (appeal_decision IN ('uphold', 'overturn')),
    appeal_decided_by  TEXT REFERENCES users (id),
    appeal_decided_at  TIMESTAMP,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX findings_report_item ON findings (report_id, item_code);
CREATE INDEX findings_unit_item ON findings (unit_id, item_code, visit_at);
CREATE INDEX findings_created ON findings (created_at, id);
