DROP TABLE idempotency_keys;
DROP TABLE report_events;
DROP TABLE report_ratings;
DROP TABLE reports;
DROP TABLE settings;
