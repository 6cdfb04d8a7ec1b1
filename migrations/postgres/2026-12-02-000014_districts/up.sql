-- Districts by name (GB/T 2260 code → name). Units, users and campaigns name only districts
-- listed here; a district is never deleted, so what refers to it keeps its name.
CREATE TABLE districts (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- Codes already in use are kept, named by their code until an admin names them.
INSERT INTO districts (code, name, created_at, updated_at)
SELECT code, code, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM (
    SELECT district AS code FROM units
    UNION SELECT district FROM users WHERE district IS NOT NULL
    UNION SELECT district FROM reports
) AS used;
