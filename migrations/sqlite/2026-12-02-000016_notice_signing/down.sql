PRAGMA foreign_keys = OFF;
BEGIN;
DROP TRIGGER notice_findings_frozen_insert;
DROP TRIGGER notice_findings_frozen_update;
DROP TRIGGER notice_findings_frozen_delete;
CREATE TABLE notices_prev (
    id            TEXT PRIMARY KEY,
    period        TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    content       TEXT NOT NULL,
    generated_at  TIMESTAMP NOT NULL,
    generated_by  TEXT REFERENCES users (id),
    published_at  TIMESTAMP,
    published_by  TEXT REFERENCES users (id),
    CHECK ((status = 'published') = (published_at IS NOT NULL))
);
INSERT INTO notices_prev
SELECT id, period, CASE WHEN status = 'published' THEN 'published' ELSE 'draft' END, content,
    generated_at, generated_by, published_at, published_by
FROM notices;
DROP TABLE notices;
ALTER TABLE notices_prev RENAME TO notices;
CREATE TRIGGER notices_frozen_update BEFORE UPDATE ON notices
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, 'notice is published and frozen'); END;
CREATE TRIGGER notices_frozen_delete BEFORE DELETE ON notices
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, 'notice is published and frozen'); END;
CREATE TRIGGER notice_findings_frozen_insert BEFORE INSERT ON notice_findings
    WHEN (SELECT status FROM notices WHERE id = NEW.notice_id) = 'published'
    BEGIN SELECT RAISE(ABORT, 'the findings of a published notice are frozen'); END;
CREATE TRIGGER notice_findings_frozen_update BEFORE UPDATE ON notice_findings
    WHEN (SELECT status FROM notices WHERE id = OLD.notice_id) = 'published'
      OR (SELECT status FROM notices WHERE id = NEW.notice_id) = 'published'
    BEGIN SELECT RAISE(ABORT, 'the findings of a published notice are frozen'); END;
CREATE TRIGGER notice_findings_frozen_delete BEFORE DELETE ON notice_findings
    WHEN (SELECT status FROM notices WHERE id = OLD.notice_id) = 'published'
    BEGIN SELECT RAISE(ABORT, 'the findings of a published notice are frozen'); END;
COMMIT;
PRAGMA foreign_keys = ON;
