CREATE OR REPLACE FUNCTION notice_findings_of_published_are_frozen() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed c JOIN notices n ON n.id = c.notice_id
               WHERE n.status = 'published') THEN
        RAISE EXCEPTION 'the findings of a published notice are frozen';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION notice_published_is_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'notice % is published and frozen', OLD.id;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP INDEX notices_document_number;
ALTER TABLE notices DROP CONSTRAINT notices_number_check;
ALTER TABLE notices DROP CONSTRAINT notices_signature_check;
ALTER TABLE notices DROP CONSTRAINT notices_signed_check;
ALTER TABLE notices DROP COLUMN issue;
ALTER TABLE notices DROP COLUMN document_seq;
ALTER TABLE notices DROP COLUMN document_year;
ALTER TABLE notices DROP COLUMN signed_by;
ALTER TABLE notices DROP COLUMN signed_at;
ALTER TABLE notices DROP COLUMN submitted_by;
ALTER TABLE notices DROP COLUMN submitted_at;
UPDATE notices SET status = 'draft' WHERE status IN ('submitted', 'signed');
ALTER TABLE notices DROP CONSTRAINT notices_status_check;
ALTER TABLE notices ADD CONSTRAINT notices_status_check CHECK (status IN ('draft', 'published'));
