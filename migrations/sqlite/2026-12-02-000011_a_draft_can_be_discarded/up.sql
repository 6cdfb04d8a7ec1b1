-- See the PostgreSQL migration of the same name: a draft's history goes with the draft; every
-- other event stays append-only.
DROP TRIGGER report_events_no_delete;
CREATE TRIGGER report_events_no_delete BEFORE DELETE ON report_events
WHEN NOT EXISTS (SELECT 1 FROM reports WHERE id = OLD.report_id AND status = 'draft')
BEGIN
    SELECT RAISE(ABORT, 'report_events is append-only');
END;
