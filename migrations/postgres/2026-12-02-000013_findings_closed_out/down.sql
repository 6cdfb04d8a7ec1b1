ALTER TABLE findings DROP COLUMN verified_at;
