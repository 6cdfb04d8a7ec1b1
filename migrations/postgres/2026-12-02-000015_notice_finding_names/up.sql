-- A notice records the unit type's and the district's names as they stood when it was
-- generated, so its exports read the same however the catalog is renamed later. Rows recorded
-- before hold '' and print the code.
ALTER TABLE notice_findings ADD COLUMN unit_type_name TEXT NOT NULL DEFAULT '';
ALTER TABLE notice_findings ADD COLUMN district_name TEXT NOT NULL DEFAULT '';
