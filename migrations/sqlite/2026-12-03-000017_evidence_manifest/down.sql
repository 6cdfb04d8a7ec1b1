DROP TABLE evidence_declarations;
