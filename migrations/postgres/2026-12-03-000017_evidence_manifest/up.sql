-- The evidence a phone declares it holds for a report (its own file id, kind, size and
-- SHA-256): a report cannot be submitted while a declared file has not arrived, unless the
-- inspector withdraws it; a file that arrives must match its declaration.
CREATE TABLE evidence_declarations (
    report_id     TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    item_id       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    byte_size     BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    declared_at   TIMESTAMP NOT NULL,
    withdrawn_at  TIMESTAMP,
    PRIMARY KEY (report_id, item_id)
);
