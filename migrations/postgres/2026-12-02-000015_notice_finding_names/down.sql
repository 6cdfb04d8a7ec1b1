ALTER TABLE notice_findings DROP COLUMN district_name;
ALTER TABLE notice_findings DROP COLUMN unit_type_name;
