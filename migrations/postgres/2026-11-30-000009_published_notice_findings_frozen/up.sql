-- The findings a published notice covers are part of its snapshot (its CSV and workbook rows
-- are rendered from them): like the notice itself, they never change once it is published.
-- Statement-level, over the changed rows at once: a draft's 100,000 rows are rewritten on
-- every redraft, and a per-row check would cost on each of them.
CREATE FUNCTION notice_findings_of_published_are_frozen() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed c JOIN notices n ON n.id = c.notice_id
               WHERE n.status = 'published') THEN
        RAISE EXCEPTION 'the findings of a published notice are frozen';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- A trigger with transition tables takes one event, so one per event and side.
CREATE TRIGGER notice_findings_frozen_insert AFTER INSERT ON notice_findings
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notice_findings_of_published_are_frozen();
CREATE TRIGGER notice_findings_frozen_update_old AFTER UPDATE ON notice_findings
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notice_findings_of_published_are_frozen();
CREATE TRIGGER notice_findings_frozen_update_new AFTER UPDATE ON notice_findings
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notice_findings_of_published_are_frozen();
CREATE TRIGGER notice_findings_frozen_delete AFTER DELETE ON notice_findings
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notice_findings_of_published_are_frozen();
