DROP TRIGGER report_events_no_delete;
CREATE TRIGGER report_events_no_delete BEFORE DELETE ON report_events
    BEGIN SELECT RAISE(ABORT, 'report_events is append-only'); END;
