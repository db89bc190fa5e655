-- Directory core: participation, entries, revisions, audit log, API tokens.
-- Times are microseconds since the Unix epoch (UTC); documents are JSON text.
CREATE TABLE state_participation (
    state  TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    since  INTEGER NOT NULL
);
CREATE TABLE participation_events (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    state  TEXT NOT NULL,
    change TEXT NOT NULL,
    at     INTEGER NOT NULL,
    actor  TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX participation_events_state ON participation_events (state, id);
CREATE TABLE pocs (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    state      TEXT NOT NULL,
    role       TEXT NOT NULL,
    status     TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    doc        TEXT NOT NULL
);
CREATE INDEX pocs_state ON pocs (state);
CREATE TABLE poc_revisions (
    poc_id     TEXT NOT NULL,
    number     INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    change     TEXT NOT NULL,
    reason     TEXT,
    before_doc TEXT,
    after_doc  TEXT NOT NULL,
    PRIMARY KEY (poc_id, number)
);
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    state     TEXT,
    subject   TEXT,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_state ON audit_log (state, seq);
CREATE INDEX audit_log_subject ON audit_log (subject, seq);
-- The last record's sequence and hash, updated in the same transaction as each append; it
-- also serialises writers (every write transaction starts by locking this row).
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL,
    state       TEXT,
    poc_id      TEXT,
    label       TEXT,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    revoked_at  INTEGER,
    created_by  TEXT NOT NULL
);
-- Invariants 2 and 3: audit records and revisions are never updated or deleted.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER poc_revisions_no_update BEFORE UPDATE ON poc_revisions BEGIN SELECT RAISE(ABORT, 'poc_revisions is append-only'); END;
CREATE TRIGGER poc_revisions_no_delete BEFORE DELETE ON poc_revisions BEGIN SELECT RAISE(ABORT, 'poc_revisions is append-only'); END;
CREATE TRIGGER pocs_no_delete BEFORE DELETE ON pocs BEGIN SELECT RAISE(ABORT, 'entries are retired, never deleted'); END;
