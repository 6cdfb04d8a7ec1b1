-- A verified finding is closed out (销号): when, besides by whom (verified_by).
ALTER TABLE findings ADD COLUMN verified_at TIMESTAMP;
