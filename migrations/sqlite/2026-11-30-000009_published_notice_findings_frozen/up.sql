-- The findings a published notice covers are part of its snapshot (its CSV and workbook rows
-- are rendered from them): like the notice itself, they never change once it is published.
CREATE TRIGGER notice_findings_frozen_insert BEFORE INSERT ON notice_findings
    WHEN (SELECT status FROM notices WHERE id = NEW.notice_id) = 'published'
    BEGIN SELECT RAISE(ABORT, 'the findings of a published notice are frozen'); END;
CREATE TRIGGER notice_findings_frozen_update BEFORE UPDATE ON notice_findings
    WHEN (SELECT status FROM notices WHERE id = OLD.notice_id) = 'published'
      OR (SELECT status FROM notices WHERE id = NEW.notice_id) = 'published'
    BEGIN SELECT RAISE(ABORT, 'the findings of a published notice are frozen'); END;
CREATE TRIGGER notice_findings_frozen_delete BEFORE DELETE ON notice_findings
    WHEN (SELECT status FROM notices WHERE id = OLD.notice_id) = 'published'
    BEGIN SELECT RAISE(ABORT, 'the findings of a published notice are frozen'); END;
