-- The audit log may be pruned, but only of entries older than six months (China's
-- Cybersecurity Law, art. 21) and only by a pruning step that says so: it writes a permit
-- naming the cut-off in its own transaction. Every other delete, and every update, is refused.
CREATE TABLE audit_prune_permits (
    before TIMESTAMP NOT NULL
);

DROP TRIGGER audit_log_append_only ON audit_log;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

CREATE FUNCTION audit_log_pruned_only_when_permitted() RETURNS trigger AS $$
BEGIN
    IF OLD.at < (now() AT TIME ZONE 'UTC') - INTERVAL '6 months'
        AND EXISTS (SELECT 1 FROM audit_prune_permits WHERE OLD.at < before) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_pruned_only_when_permitted();

-- The trail is read newest first and narrowed by time or actor.
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
