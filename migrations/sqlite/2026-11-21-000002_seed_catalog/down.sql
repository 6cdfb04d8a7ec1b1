-- Checklist v1 is published and immutable by design; reverting the seed means reverting the
-- foundation migration, which drops the tables whole.
SELECT 1;
