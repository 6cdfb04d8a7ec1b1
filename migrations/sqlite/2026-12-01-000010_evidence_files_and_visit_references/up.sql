-- See the PostgreSQL migration of the same name. SQLite cannot add a foreign key to an
-- existing table, so triggers keep the same rule; they raise the foreign-key message.
ALTER TABLE photos ADD COLUMN blob TEXT NOT NULL DEFAULT '';
UPDATE photos SET blob = id;
CREATE INDEX photos_blob ON photos (blob);

ALTER TABLE rectification_photos ADD COLUMN blob TEXT NOT NULL DEFAULT '';
UPDATE rectification_photos SET blob = id;
CREATE INDEX rectification_photos_blob ON rectification_photos (blob);

CREATE TRIGGER reports_assignment_exists_insert BEFORE INSERT ON reports
WHEN NEW.assignment_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM assignments WHERE id = NEW.assignment_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed');
END;

CREATE TRIGGER reports_assignment_exists_update BEFORE UPDATE OF assignment_id ON reports
WHEN NEW.assignment_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM assignments WHERE id = NEW.assignment_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed');
END;

CREATE TRIGGER assignments_named_by_reports BEFORE DELETE ON assignments
WHEN EXISTS (SELECT 1 FROM reports WHERE assignment_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed');
END;
