-- Follow-up visits (复查, SPEC 3.5): an assignment a supervisor adds to an active campaign to
-- check a finding's rectification on the spot. Not part of the campaign's draw.
ALTER TABLE assignments ADD COLUMN follow_up_of TEXT REFERENCES findings (id);
CREATE INDEX assignments_follow_up ON assignments (follow_up_of);

-- Photos the unit sends with its rectification (SPEC 3.5); objects under rectifications/<id>/.
CREATE TABLE rectification_photos (
    id           TEXT PRIMARY KEY,
    finding_id   TEXT NOT NULL REFERENCES findings (id),
    caption      TEXT,
    format       TEXT NOT NULL,
    byte_size    BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    uploaded_by  TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX rectification_photos_finding ON rectification_photos (finding_id, created_at, id);
