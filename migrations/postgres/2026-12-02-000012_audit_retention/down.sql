DROP INDEX audit_log_actor;
DROP INDEX audit_log_at;
DROP TRIGGER audit_log_no_delete ON audit_log;
DROP FUNCTION audit_log_pruned_only_when_permitted();
DROP TRIGGER audit_log_no_update ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
DROP TABLE audit_prune_permits;
