-- See the PostgreSQL migration of the same name: entries older than six months may be pruned,
-- and only under a permit the pruning step writes in its own transaction.
CREATE TABLE audit_prune_permits (
    before TIMESTAMP NOT NULL
);

DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT (
    OLD.at < strftime('%Y-%m-%d %H:%M:%f', 'now', '-6 months')
    AND EXISTS (SELECT 1 FROM audit_prune_permits WHERE OLD.at < before)
)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
