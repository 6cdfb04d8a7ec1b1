DROP INDEX reports_assignment;
DROP TABLE assignment_members;
DROP TABLE assignments;
DROP TABLE campaigns;
