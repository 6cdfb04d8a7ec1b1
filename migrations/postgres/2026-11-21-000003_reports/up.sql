-- Reports (SPEC 3.2, 3.4): written from phones with client-generated ids, reviewed under a
-- lease, every transition kept in an append-only history.

-- Tunable rules (integrity thresholds, review lease); absent keys take the built-in defaults.
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE reports (
    id                TEXT PRIMARY KEY,
    inspector_id      TEXT NOT NULL REFERENCES users (id),
    unit_id           TEXT NOT NULL REFERENCES units (id),
    -- The unit's type and district when the report was written, for the queue's filters.
    unit_type         TEXT NOT NULL,
    district          TEXT NOT NULL,
    checklist_id      TEXT NOT NULL REFERENCES checklists (id),
    assignment_id     TEXT,
    channel           TEXT NOT NULL CHECK (channel IN ('on_site', 'phone', 'online', 'video_review')),
    scenario          TEXT NOT NULL,
    visit_started_at  TIMESTAMP NOT NULL,
    visit_ended_at    TIMESTAMP NOT NULL,
    narrative         TEXT,
    -- {"latitude", "longitude", "accuracy_m"} as JSON, when the phone gave it.
    location          TEXT,
    device_info       TEXT,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'approved', 'returned', 'rejected')),
    version           INTEGER NOT NULL,
    -- SHA-256 of the inspector's content as last written: a retry of the same PUT is a no-op.
    content_hash      TEXT NOT NULL,
    score_half        INTEGER NOT NULL CHECK (score_half BETWEEN 0 AND 200),
    grade             TEXT NOT NULL CHECK (grade IN ('excellent', 'good', 'pass', 'fail')),
    critical_failure  BOOLEAN NOT NULL,
    -- A JSON array of flag names; '[]' when nothing is amiss.
    flags             TEXT NOT NULL,
    lease_holder      TEXT REFERENCES users (id),
    lease_expires_at  TIMESTAMP,
    reviewer_id       TEXT REFERENCES users (id),
    review_comment    TEXT,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    submitted_at      TIMESTAMP,
    decided_at        TIMESTAMP,
    -- The queue's order: when the report (last) entered it; for drafts, when created.
    queued_at         TIMESTAMP NOT NULL,
    CHECK (visit_ended_at >= visit_started_at),
    CHECK ((lease_holder IS NULL) = (lease_expires_at IS NULL))
);
CREATE INDEX reports_status_queue ON reports (status, queued_at, id);
CREATE INDEX reports_inspector_queue ON reports (inspector_id, queued_at, id);
CREATE INDEX reports_unit ON reports (unit_id, visit_started_at);

CREATE TABLE report_ratings (
    report_id   TEXT NOT NULL REFERENCES reports (id),
    -- The item's place in the checklist, so ratings read back in checklist order.
    position    INTEGER NOT NULL,
    item_code   TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('ok', 'minor', 'major', 'na')),
    value       DOUBLE PRECISION,
    unanswered  BOOLEAN NOT NULL,
    note        TEXT,
    PRIMARY KEY (report_id, item_code)
);

CREATE TABLE report_events (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id    TEXT NOT NULL REFERENCES reports (id),
    at           TIMESTAMP NOT NULL,
    actor_id     TEXT NOT NULL REFERENCES users (id),
    action       TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    comment      TEXT
);
CREATE INDEX report_events_report ON report_events (report_id, id);

-- The first answer to a POST carrying an Idempotency-Key, replayed for retries of it.
CREATE TABLE idempotency_keys (
    user_id       TEXT NOT NULL REFERENCES users (id),
    key           TEXT NOT NULL,
    route         TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER,
    response      TEXT,
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- A report's history is evidence, like the audit log.
CREATE TRIGGER report_events_append_only BEFORE UPDATE OR DELETE ON report_events
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
