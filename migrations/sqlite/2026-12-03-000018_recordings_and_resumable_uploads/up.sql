-- Recordings (录音录像) as evidence of a report: the original only, as uploaded, with what its
-- container says of its length, time and place.
CREATE TABLE recordings (
    id           TEXT PRIMARY KEY,
    report_id    TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    blob         TEXT NOT NULL,
    media        TEXT NOT NULL,
    format       TEXT NOT NULL,
    byte_size    BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    duration_ms  BIGINT,
    recorded_at  TIMESTAMP,
    latitude     DOUBLE PRECISION,
    longitude    DOUBLE PRECISION,
    uploaded_by  TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX recordings_by_report ON recordings (report_id, created_at);

-- Resumable uploads (tus 1.0) of evidence files. Not tied to the report by a foreign key: a
-- discarded draft leaves its unfinished uploads to the expiry sweep, which aborts their parts.
CREATE TABLE uploads (
    id            TEXT PRIMARY KEY,
    report_id     TEXT NOT NULL,
    uploader_id   TEXT NOT NULL,
    kind          TEXT NOT NULL,
    evidence_id   TEXT NOT NULL,
    item_code     TEXT,
    caption       TEXT,
    length        BIGINT NOT NULL,
    -- Bytes acknowledged: those of the parts below, and a tail (under a part's size) kept
    -- as an object of its own until the next part fills.
    received      BIGINT NOT NULL,
    tail_bytes    BIGINT NOT NULL,
    object_key    TEXT NOT NULL,
    multipart_id  TEXT NOT NULL,
    assembled     BOOLEAN NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL,
    completed_at  TIMESTAMP,
    UNIQUE (report_id, evidence_id)
);
CREATE INDEX uploads_by_expiry ON uploads (expires_at) WHERE completed_at IS NULL;

CREATE TABLE upload_parts (
    upload_id  TEXT NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    tag        TEXT NOT NULL,
    byte_size  BIGINT NOT NULL,
    PRIMARY KEY (upload_id, number)
);
