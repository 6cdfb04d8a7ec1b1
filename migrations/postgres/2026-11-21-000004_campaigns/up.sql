-- Campaigns and their drawn visits (SPEC 3.1).

CREATE TABLE campaigns (
    id                        TEXT PRIMARY KEY,
    name                      TEXT NOT NULL,
    starts_on                 DATE NOT NULL,
    ends_on                   DATE NOT NULL,
    -- JSON arrays of codes; an empty district list means every district.
    unit_types                TEXT NOT NULL,
    districts                 TEXT NOT NULL,
    checklist_id              TEXT NOT NULL REFERENCES checklists (id),
    -- JSON: [{"matter": "...", "documents": ["..."]}]
    scenarios                 TEXT NOT NULL,
    exclude_previously_drawn  BOOLEAN NOT NULL,
    status                    TEXT NOT NULL CHECK (status IN ('draft', 'active', 'closed')),
    draw_seed                 BIGINT,
    draw_units_per_type       INTEGER,
    draw_team_size            INTEGER,
    drawn_at                  TIMESTAMP,
    drawn_by                  TEXT REFERENCES users (id),
    created_by                TEXT NOT NULL REFERENCES users (id),
    created_at                TIMESTAMP NOT NULL,
    updated_at                TIMESTAMP NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX campaigns_created ON campaigns (created_at, id);

CREATE TABLE assignments (
    id           TEXT PRIMARY KEY,
    campaign_id  TEXT NOT NULL REFERENCES campaigns (id),
    unit_id      TEXT NOT NULL REFERENCES units (id),
    -- Index into the campaign's scenarios.
    scenario     INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'visited', 'reported')),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX assignments_campaign ON assignments (campaign_id, unit_id);

CREATE TABLE assignment_members (
    assignment_id  TEXT NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    inspector_id   TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (assignment_id, inspector_id)
);
CREATE INDEX assignment_members_inspector ON assignment_members (inspector_id);

CREATE INDEX reports_assignment ON reports (assignment_id);
