DROP INDEX audit_log_actor;
DROP INDEX audit_log_at;
DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
DROP TABLE audit_prune_permits;
