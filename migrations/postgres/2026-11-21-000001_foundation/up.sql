-- Foundation: catalog, accounts, sessions, login throttling, audit log.
-- Portable column types only (ids as TEXT uuids, naive UTC TIMESTAMP, JSON as TEXT), so one
-- diesel schema serves PostgreSQL and SQLite; migrations/sqlite holds the same versions.

CREATE TABLE unit_types (
    code      TEXT PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
    name      TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    position  INTEGER NOT NULL
);

CREATE TABLE units (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    type_code   TEXT NOT NULL REFERENCES unit_types (code),
    district    TEXT NOT NULL,
    address     TEXT,
    latitude    DOUBLE PRECISION,
    longitude   DOUBLE PRECISION,
    geofence_m  INTEGER NOT NULL DEFAULT 300,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX units_type_district ON units (type_code, district);

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'inspector', 'unit_manager', 'leader')),
    unit_id        TEXT REFERENCES units (id),
    district       TEXT,
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX users_created ON users (created_at, id);

-- A session is one login: the family of refresh tokens rotated from it. Access tokens name
-- their session, so revoking it ends them at once.
CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    revoked_at      TIMESTAMP,
    revoked_reason  TEXT,
    client_ip       TEXT,
    user_agent      TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Refresh tokens are stored as SHA-256 hashes only; a used one stays, to detect reuse.
CREATE TABLE refresh_tokens (
    token_hash  TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions (id),
    issued_at   TIMESTAMP NOT NULL,
    used_at     TIMESTAMP
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- Failed logins per key ('account:<name>' or 'address:<ip>'), in a fixed window.
CREATE TABLE login_throttle (
    key                TEXT PRIMARY KEY,
    window_started_at  TIMESTAMP NOT NULL,
    failures           INTEGER NOT NULL
);

CREATE TABLE checklists (
    id            TEXT PRIMARY KEY,
    version       INTEGER NOT NULL UNIQUE,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    created_at    TIMESTAMP NOT NULL,
    published_at  TIMESTAMP,
    created_by    TEXT REFERENCES users (id)
);

CREATE TABLE checklist_items (
    checklist_id         TEXT NOT NULL REFERENCES checklists (id),
    position             INTEGER NOT NULL,
    code                 TEXT NOT NULL,
    title                TEXT NOT NULL,
    title_en             TEXT NOT NULL,
    guidance             TEXT,
    kind                 TEXT NOT NULL CHECK (kind IN ('judgement', 'measurement')),
    measure_unit         TEXT,
    minor_above          DOUBLE PRECISION,
    major_above          DOUBLE PRECISION,
    unanswered_is_major  BOOLEAN NOT NULL DEFAULT FALSE,
    weight               INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    critical             BOOLEAN NOT NULL DEFAULT FALSE,
    applies_to           TEXT NOT NULL,
    optional_for         TEXT NOT NULL,
    PRIMARY KEY (checklist_id, code)
);

-- A published checklist version never changes: reports pin it, and history must not move.
-- The application refuses such edits; the database refuses them too.
CREATE FUNCTION checklist_published_is_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'checklists' THEN
        IF OLD.status = 'published' THEN
            RAISE EXCEPTION 'checklist % is published and immutable', OLD.id;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM checklists c
               WHERE c.id = COALESCE(NEW.checklist_id, OLD.checklist_id) AND c.status = 'published')
       OR (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM checklists c
               WHERE c.id = OLD.checklist_id AND c.status = 'published')) THEN
        RAISE EXCEPTION 'checklist is published and immutable';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER checklists_immutable BEFORE UPDATE OR DELETE ON checklists
    FOR EACH ROW EXECUTE FUNCTION checklist_published_is_immutable();
CREATE TRIGGER checklist_items_immutable BEFORE INSERT OR UPDATE OR DELETE ON checklist_items
    FOR EACH ROW EXECUTE FUNCTION checklist_published_is_immutable();

-- Append-only: reports are evidence in disciplinary proceedings.
CREATE TABLE audit_log (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           TIMESTAMP NOT NULL,
    actor_id     TEXT,
    action       TEXT NOT NULL,
    target_type  TEXT,
    target_id    TEXT,
    client_ip    TEXT,
    request_id   TEXT,
    details      TEXT
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
