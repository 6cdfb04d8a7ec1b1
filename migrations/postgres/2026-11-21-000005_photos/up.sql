-- Photo evidence (SPEC 3.3). The original and two derivatives live in object storage under
-- photos/<id>/; a row is written only after all three objects are stored.
CREATE TABLE photos (
    id                 TEXT PRIMARY KEY,
    report_id          TEXT NOT NULL REFERENCES reports (id),
    item_code          TEXT,
    caption            TEXT,
    format             TEXT NOT NULL CHECK (format IN ('jpeg', 'png', 'webp', 'gif')),
    byte_size          BIGINT NOT NULL,
    sha256             TEXT NOT NULL,
    -- 64-bit perceptual hash, stored as a signed integer of the same bits.
    phash              BIGINT NOT NULL,
    width              INTEGER NOT NULL,
    height             INTEGER NOT NULL,
    captured_at        TIMESTAMP,
    latitude           DOUBLE PRECISION,
    longitude          DOUBLE PRECISION,
    -- A photo in another report with the same bytes, or a near-identical image.
    duplicate_of       TEXT,
    near_duplicate_of  TEXT,
    uploaded_by        TEXT NOT NULL REFERENCES users (id),
    created_at         TIMESTAMP NOT NULL
);
CREATE INDEX photos_report ON photos (report_id);
CREATE INDEX photos_sha256 ON photos (sha256);
