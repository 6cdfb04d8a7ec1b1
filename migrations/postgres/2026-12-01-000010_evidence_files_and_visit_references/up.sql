-- Each accepted upload's files live under an id of the server's choosing (`blob`), never the
-- client's photo id: two uploads racing under one photo id write to different keys, and the
-- row that wins names its own files, so a row's SHA-256 is always that of its stored original.
-- Rows from before keep their files where they are: under the photo id.
ALTER TABLE photos ADD COLUMN blob TEXT;
UPDATE photos SET blob = id;
ALTER TABLE photos ALTER COLUMN blob SET NOT NULL;
CREATE INDEX photos_blob ON photos (blob);

ALTER TABLE rectification_photos ADD COLUMN blob TEXT;
UPDATE rectification_photos SET blob = id;
ALTER TABLE rectification_photos ALTER COLUMN blob SET NOT NULL;
CREATE INDEX rectification_photos_blob ON rectification_photos (blob);

-- A report names a visit that exists: a redraw cannot delete a visit a report names, and a
-- report cannot name a visit a redraw deleted, however the two interleave. NOT VALID: rows
-- written before are not re-checked (a past race may have left one), new ones always are.
ALTER TABLE reports ADD CONSTRAINT reports_assignment_exists
    FOREIGN KEY (assignment_id) REFERENCES assignments (id) NOT VALID;
