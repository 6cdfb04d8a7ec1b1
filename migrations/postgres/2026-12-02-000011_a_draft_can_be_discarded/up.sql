-- A draft its author throws away goes with its history: a report's history is evidence from
-- the moment it is submitted, and the audit log keeps who discarded which draft. Every other
-- event stays append-only.
DROP TRIGGER report_events_append_only ON report_events;

CREATE TRIGGER report_events_no_update BEFORE UPDATE ON report_events
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

CREATE FUNCTION report_events_kept_unless_draft() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM reports WHERE id = OLD.report_id AND status = 'draft') THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'report_events is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER report_events_no_delete BEFORE DELETE ON report_events
    FOR EACH ROW EXECUTE FUNCTION report_events_kept_unless_draft();
