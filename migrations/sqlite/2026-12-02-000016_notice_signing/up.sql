-- A notice is sent for signature, signed off by a leader (签发) and published with a document
-- number (发文字号) given in sequence per year and never reused: a published notice is never
-- deleted, so its (document_year, document_seq) stays taken.
-- SQLite cannot change a CHECK in place: the table is rebuilt as its manual advises (foreign
-- keys off, new table, copy, drop, rename, check), in one transaction.
PRAGMA foreign_keys = OFF;
BEGIN;

DROP TRIGGER notice_findings_frozen_insert;
DROP TRIGGER notice_findings_frozen_update;
DROP TRIGGER notice_findings_frozen_delete;

CREATE TABLE notices_next (
    id            TEXT PRIMARY KEY,
    period        TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'signed', 'published')),
    content       TEXT NOT NULL,
    generated_at  TIMESTAMP NOT NULL,
    generated_by  TEXT REFERENCES users (id),
    published_at  TIMESTAMP,
    published_by  TEXT REFERENCES users (id),
    submitted_at  TIMESTAMP,
    submitted_by  TEXT REFERENCES users (id),
    signed_at     TIMESTAMP,
    signed_by     TEXT REFERENCES users (id),
    document_year INTEGER,
    document_seq  INTEGER,
    -- The number and the letterhead it was issued under (JSON); NULL before publication, and
    -- for notices published before documents were numbered.
    issue         TEXT,
    CHECK ((status = 'published') = (published_at IS NOT NULL)),
    CHECK (status NOT IN ('submitted', 'signed') OR submitted_at IS NOT NULL),
    CHECK ((status = 'signed') <= (signed_at IS NOT NULL)),
    CHECK ((document_seq IS NULL) = (issue IS NULL) AND (document_seq IS NULL OR status = 'published'))
);
INSERT INTO notices_next (id, period, status, content, generated_at, generated_by, published_at,
    published_by)
SELECT id, period, status, content, generated_at, generated_by, published_at, published_by
FROM notices;
DROP TABLE notices;
ALTER TABLE notices_next RENAME TO notices;
CREATE UNIQUE INDEX notices_document_number ON notices (document_year, document_seq);

-- A published notice is a snapshot: it never changes. A signed one changes only by being
-- published.
CREATE TRIGGER notices_frozen_update BEFORE UPDATE ON notices
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, 'notice is published and frozen'); END;
CREATE TRIGGER notices_frozen_delete BEFORE DELETE ON notices
    WHEN OLD.status IN ('signed', 'published')
    BEGIN SELECT RAISE(ABORT, 'notice is signed or published and frozen'); END;
CREATE TRIGGER notices_signed_frozen BEFORE UPDATE ON notices
    WHEN OLD.status = 'signed' AND (NEW.content IS NOT OLD.content
        OR NEW.generated_at IS NOT OLD.generated_at
        OR NEW.signed_at IS NOT OLD.signed_at
        OR NEW.signed_by IS NOT OLD.signed_by
        OR NEW.status NOT IN ('signed', 'published'))
    BEGIN SELECT RAISE(ABORT, 'notice is signed and no longer changes'); END;

-- The findings a signed or published notice covers are part of it.
CREATE TRIGGER notice_findings_frozen_insert BEFORE INSERT ON notice_findings
    WHEN (SELECT status FROM notices WHERE id = NEW.notice_id) IN ('signed', 'published')
    BEGIN SELECT RAISE(ABORT, 'the findings of a signed or published notice are frozen'); END;
CREATE TRIGGER notice_findings_frozen_update BEFORE UPDATE ON notice_findings
    WHEN (SELECT status FROM notices WHERE id = OLD.notice_id) IN ('signed', 'published')
      OR (SELECT status FROM notices WHERE id = NEW.notice_id) IN ('signed', 'published')
    BEGIN SELECT RAISE(ABORT, 'the findings of a signed or published notice are frozen'); END;
CREATE TRIGGER notice_findings_frozen_delete BEFORE DELETE ON notice_findings
    WHEN (SELECT status FROM notices WHERE id = OLD.notice_id) IN ('signed', 'published')
    BEGIN SELECT RAISE(ABORT, 'the findings of a signed or published notice are frozen'); END;

COMMIT;
PRAGMA foreign_key_check;
PRAGMA foreign_keys = ON;
