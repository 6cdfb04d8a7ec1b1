DROP TRIGGER assignments_named_by_reports;
DROP TRIGGER reports_assignment_exists_update;
DROP TRIGGER reports_assignment_exists_insert;
DROP INDEX rectification_photos_blob;
ALTER TABLE rectification_photos DROP COLUMN blob;
DROP INDEX photos_blob;
ALTER TABLE photos DROP COLUMN blob;
