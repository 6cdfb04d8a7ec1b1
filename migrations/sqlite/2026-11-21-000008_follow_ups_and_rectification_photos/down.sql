DROP TABLE rectification_photos;
DROP INDEX assignments_follow_up;
ALTER TABLE assignments DROP COLUMN follow_up_of;
