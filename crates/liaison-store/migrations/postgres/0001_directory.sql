-- Directory core: participation, entries, revisions, audit log, API tokens.
-- Times are microseconds since the Unix epoch (UTC); documents are JSON text.
CREATE TABLE state_participation (
    state  TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    since  BIGINT NOT NULL
);
CREATE TABLE participation_events (
    id     BIGSERIAL PRIMARY KEY,
    state  TEXT NOT NULL,
    change TEXT NOT NULL,
    at     BIGINT NOT NULL,
    actor  TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX participation_events_state ON participation_events (state, id);
CREATE TABLE pocs (
    id         TEXT PRIMARY KEY,
    seq        BIGINT NOT NULL UNIQUE,
    state      TEXT NOT NULL,
    role       TEXT NOT NULL,
    status     TEXT NOT NULL,
    revision   BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    doc        TEXT NOT NULL
);
CREATE INDEX pocs_state ON pocs (state);
CREATE TABLE poc_revisions (
    poc_id     TEXT NOT NULL,
    number     BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    change     TEXT NOT NULL,
    reason     TEXT,
    before_doc TEXT,
    after_doc  TEXT NOT NULL,
    PRIMARY KEY (poc_id, number)
);
CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    at        BIGINT NOT NULL,
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
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
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
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    revoked_at  BIGINT,
    created_by  TEXT NOT NULL
);
-- Invariants 2 and 3: audit records and revisions are never updated or deleted.
CREATE FUNCTION liaison_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER poc_revisions_append_only BEFORE UPDATE OR DELETE ON poc_revisions
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER pocs_no_delete BEFORE DELETE ON pocs
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
