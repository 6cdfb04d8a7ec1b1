ALTER TABLE reports DROP CONSTRAINT reports_assignment_exists;
DROP INDEX rectification_photos_blob;
ALTER TABLE rectification_photos DROP COLUMN blob;
DROP INDEX photos_blob;
ALTER TABLE photos DROP COLUMN blob;
