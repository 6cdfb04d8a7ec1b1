ALTER TABLE report_ratings DROP COLUMN citation_end_s;
ALTER TABLE report_ratings DROP COLUMN citation_start_s;
ALTER TABLE report_ratings DROP COLUMN citation_recording_id;
