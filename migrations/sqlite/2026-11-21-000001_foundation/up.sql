-- Foundation: catalog, accounts, sessions, login throttling, audit log.
-- The same version as migrations/postgres, in SQLite's dialect.

CREATE TABLE unit_types (
    code      TEXT PRIMARY KEY CHECK (length(code) = 3 AND code = upper(code)),
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
    latitude    REAL,
    longitude   REAL,
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

CREATE TABLE refresh_tokens (
    token_hash  TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions (id),
    issued_at   TIMESTAMP NOT NULL,
    used_at     TIMESTAMP
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

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
    minor_above          REAL,
    major_above          REAL,
    unanswered_is_major  BOOLEAN NOT NULL DEFAULT FALSE,
    weight               INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    critical             BOOLEAN NOT NULL DEFAULT FALSE,
    applies_to           TEXT NOT NULL,
    optional_for         TEXT NOT NULL,
    PRIMARY KEY (checklist_id, code)
);

CREATE TRIGGER checklists_immutable_update BEFORE UPDATE ON checklists
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, 'checklist is published and immutable'); END;
CREATE TRIGGER checklists_immutable_delete BEFORE DELETE ON checklists
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, 'checklist is published and immutable'); END;
CREATE TRIGGER checklist_items_immutable_insert BEFORE INSERT ON checklist_items
    WHEN (SELECT status FROM checklists WHERE id = NEW.checklist_id) = 'published'
    BEGIN SELECT RAISE(ABORT, 'checklist is published and immutable'); END;
CREATE TRIGGER checklist_items_immutable_update BEFORE UPDATE ON checklist_items
    WHEN (SELECT status FROM checklists WHERE id = OLD.checklist_id) = 'published'
      OR (SELECT status FROM checklists WHERE id = NEW.checklist_id) = 'published'
    BEGIN SELECT RAISE(ABORT, 'checklist is published and immutable'); END;
CREATE TRIGGER checklist_items_immutable_delete BEFORE DELETE ON checklist_items
    WHEN (SELECT status FROM checklists WHERE id = OLD.checklist_id) = 'published'
    BEGIN SELECT RAISE(ABORT, 'checklist is published and immutable'); END;

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
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

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
