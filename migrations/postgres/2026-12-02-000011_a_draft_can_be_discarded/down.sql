DROP TRIGGER report_events_no_delete ON report_events;
DROP FUNCTION report_events_kept_unless_draft();
DROP TRIGGER report_events_no_update ON report_events;
CREATE TRIGGER report_events_append_only BEFORE UPDATE OR DELETE ON report_events
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
