-- A session is a signed-in device: the name its app gave at login, and when it last renewed
-- its tokens (a refresh, at most an access token's lifetime apart while it is in use).
ALTER TABLE sessions ADD COLUMN device_name TEXT;
ALTER TABLE sessions ADD COLUMN last_used_at TIMESTAMP;
