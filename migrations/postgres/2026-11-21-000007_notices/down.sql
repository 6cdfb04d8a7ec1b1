DROP TABLE job_runs;
DROP TABLE notice_findings;
DROP TABLE notices;
DROP FUNCTION notice_published_is_frozen();
DROP INDEX findings_visits;
DROP INDEX reports_approved_visits;
ALTER TABLE reports DROP COLUMN standing_grade;
ALTER TABLE reports DROP COLUMN standing_score_half;
