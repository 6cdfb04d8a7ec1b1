-- A notice is sent for signature, signed off by a leader (签发) and published with a document
-- number (发文字号) given in sequence per year and never reused: a published notice is never
-- deleted, so its (document_year, document_seq) stays taken.
ALTER TABLE notices DROP CONSTRAINT notices_status_check;
ALTER TABLE notices ADD CONSTRAINT notices_status_check
    CHECK (status IN ('draft', 'submitted', 'signed', 'published'));
ALTER TABLE notices ADD COLUMN submitted_at TIMESTAMP;
ALTER TABLE notices ADD COLUMN submitted_by TEXT REFERENCES users (id);
ALTER TABLE notices ADD COLUMN signed_at TIMESTAMP;
ALTER TABLE notices ADD COLUMN signed_by TEXT REFERENCES users (id);
ALTER TABLE notices ADD COLUMN document_year INTEGER;
ALTER TABLE notices ADD COLUMN document_seq INTEGER;
-- The number and the letterhead it was issued under (JSON); NULL before publication, and for
-- notices published before documents were numbered.
ALTER TABLE notices ADD COLUMN issue TEXT;
ALTER TABLE notices ADD CONSTRAINT notices_signed_check
    CHECK (status NOT IN ('submitted', 'signed') OR submitted_at IS NOT NULL);
ALTER TABLE notices ADD CONSTRAINT notices_signature_check
    CHECK ((status = 'signed') <= (signed_at IS NOT NULL));
ALTER TABLE notices ADD CONSTRAINT notices_number_check
    CHECK ((document_seq IS NULL) = (issue IS NULL) AND (document_seq IS NULL OR status = 'published'));
CREATE UNIQUE INDEX notices_document_number ON notices (document_year, document_seq);

-- A signed notice no longer changes (only its publication); a published one not at all.
CREATE OR REPLACE FUNCTION notice_published_is_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'notice % is published and frozen', OLD.id;
    END IF;
    IF OLD.status = 'signed' AND (TG_OP = 'DELETE'
        OR NEW.content IS DISTINCT FROM OLD.content
        OR NEW.generated_at IS DISTINCT FROM OLD.generated_at
        OR NEW.signed_at IS DISTINCT FROM OLD.signed_at
        OR NEW.signed_by IS DISTINCT FROM OLD.signed_by
        OR NEW.status NOT IN ('signed', 'published')) THEN
        RAISE EXCEPTION 'notice % is signed and no longer changes', OLD.id;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION notice_findings_of_published_are_frozen() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed c JOIN notices n ON n.id = c.notice_id
               WHERE n.status IN ('signed', 'published')) THEN
        RAISE EXCEPTION 'the findings of a signed or published notice are frozen';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
