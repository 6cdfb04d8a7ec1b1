-- A rating may cite the segment of one of its report's recordings that shows the problem.
ALTER TABLE report_ratings ADD COLUMN citation_recording_id TEXT;
ALTER TABLE report_ratings ADD COLUMN citation_start_s INTEGER;
ALTER TABLE report_ratings ADD COLUMN citation_end_s INTEGER;
