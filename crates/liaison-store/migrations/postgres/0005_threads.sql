-- Threads between POCs (issue 5, Annex A §9–11). The directory relays and tracks messages it
-- cannot read (§7(b)): message bodies are OpenPGP ciphertext, stored with the key IDs their
-- session keys were encrypted to; everything else here is the metadata the server needs. Rows
-- are appended and never deleted; the few columns that change are set once (a coverage, a
-- consent's use, a notification's read mark), except a user's key blob, which its owner
-- replaces. Times are microseconds since the Unix epoch.
CREATE TABLE threads (
    id             TEXT PRIMARY KEY,
    role           TEXT NOT NULL,
    urgency        TEXT NOT NULL,
    respond_by     BIGINT,
    exercise       BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    created_by     TEXT NOT NULL,
    sender_poc     TEXT NOT NULL,
    forwarded_from TEXT REFERENCES threads (id),
    consent_id     TEXT
);
CREATE TABLE thread_participants (
    thread_id TEXT NOT NULL REFERENCES threads (id),
    poc_id    TEXT NOT NULL,
    state     TEXT NOT NULL,
    role      TEXT NOT NULL,
    -- 0 for the sender, then the recipients in the order they were addressed.
    position  BIGINT NOT NULL,
    PRIMARY KEY (thread_id, poc_id)
);
CREATE INDEX thread_participants_poc ON thread_participants (poc_id);
CREATE INDEX thread_participants_state ON thread_participants (state);
-- sent, delivered, acknowledged, responded (per recipient), closed (per thread): each once.
CREATE TABLE thread_transitions (
    id        BIGSERIAL PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES threads (id),
    poc_id    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    at        BIGINT NOT NULL,
    actor     TEXT NOT NULL
);
CREATE UNIQUE INDEX thread_transitions_once ON thread_transitions (thread_id, poc_id, kind);
CREATE UNIQUE INDEX thread_transitions_closed_once ON thread_transitions (thread_id) WHERE kind = 'closed';
CREATE TABLE thread_messages (
    id         TEXT PRIMARY KEY,
    thread_id  TEXT NOT NULL REFERENCES threads (id),
    seq        BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    author_poc TEXT NOT NULL,
    actor      TEXT NOT NULL,
    at         BIGINT NOT NULL,
    -- A coordination note is for the POCs of this state only.
    note_state TEXT,
    UNIQUE (thread_id, seq)
);
-- The ciphertexts of a message: the first, and later re-encryptions for recipients who had
-- no key. `recipients` is the JSON array of the key IDs / fingerprints of its PKESK packets.
CREATE TABLE message_copies (
    id         TEXT PRIMARY KEY,
    message_id TEXT NOT NULL REFERENCES thread_messages (id),
    -- 0 for the first copy, then 1, 2… for re-encryptions.
    position   BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    author_poc TEXT NOT NULL,
    recipients TEXT NOT NULL,
    armored    TEXT NOT NULL
);
CREATE UNIQUE INDEX message_copies_message ON message_copies (message_id, position);
-- Who a message is for, and the copy encrypted to each one's key (NULL: awaiting a key).
CREATE TABLE message_audience (
    message_id  TEXT NOT NULL REFERENCES thread_messages (id),
    poc_id      TEXT NOT NULL,
    copy_id     TEXT REFERENCES message_copies (id),
    fingerprint TEXT,
    PRIMARY KEY (message_id, poc_id)
);
CREATE TABLE thread_fetches (
    id        BIGSERIAL PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES threads (id),
    poc_id    TEXT NOT NULL,
    actor     TEXT NOT NULL,
    device    TEXT NOT NULL,
    at        BIGINT NOT NULL,
    up_to_seq BIGINT NOT NULL
);
CREATE INDEX thread_fetches_by ON thread_fetches (thread_id, poc_id);
CREATE TABLE thread_consents (
    id           TEXT PRIMARY KEY,
    thread_id    TEXT NOT NULL REFERENCES threads (id),
    requested_by TEXT NOT NULL,
    actor        TEXT NOT NULL,
    at           BIGINT NOT NULL,
    targets      TEXT NOT NULL,
    message_id   TEXT REFERENCES thread_messages (id),
    used_by      TEXT
);
CREATE INDEX thread_consents_thread ON thread_consents (thread_id);
CREATE TABLE thread_consent_decisions (
    consent_id TEXT NOT NULL REFERENCES thread_consents (id),
    poc_id     TEXT NOT NULL,
    answer     TEXT NOT NULL,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    message_id TEXT REFERENCES thread_messages (id),
    PRIMARY KEY (consent_id, poc_id)
);
-- In-app notifications; `email` is `pending` for those the mail outbox should also send.
CREATE TABLE notifications (
    id        TEXT PRIMARY KEY,
    poc_id    TEXT NOT NULL,
    thread_id TEXT NOT NULL REFERENCES threads (id),
    kind      TEXT NOT NULL,
    urgency   TEXT NOT NULL,
    exercise  BIGINT NOT NULL,
    at        BIGINT NOT NULL,
    read_at   BIGINT,
    email     TEXT NOT NULL
);
CREATE INDEX notifications_poc ON notifications (poc_id, at);
CREATE INDEX notifications_email ON notifications (email) WHERE email = 'pending';
-- A POC user's secret key, locked with a passphrase the server never sees.
CREATE TABLE key_blobs (
    owner       TEXT PRIMARY KEY,
    poc_id      TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    armored     TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
-- Invariant 3 for exchanges: nothing is deleted; appended rows are never changed; set-once
-- columns are set once (liaison_append_only() comes from 0001_directory).
CREATE TRIGGER threads_append_only BEFORE UPDATE OR DELETE ON threads
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER thread_participants_append_only BEFORE UPDATE OR DELETE ON thread_participants
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER thread_transitions_append_only BEFORE UPDATE OR DELETE ON thread_transitions
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER thread_messages_append_only BEFORE UPDATE OR DELETE ON thread_messages
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER message_copies_append_only BEFORE UPDATE OR DELETE ON message_copies
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER thread_fetches_append_only BEFORE UPDATE OR DELETE ON thread_fetches
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER thread_consent_decisions_append_only BEFORE UPDATE OR DELETE ON thread_consent_decisions
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER message_audience_set_once BEFORE UPDATE ON message_audience
    FOR EACH ROW WHEN (OLD.copy_id IS NOT NULL) EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER message_audience_no_delete BEFORE DELETE ON message_audience
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER thread_consents_set_once BEFORE UPDATE ON thread_consents
    FOR EACH ROW WHEN (OLD.used_by IS NOT NULL) EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER thread_consents_no_delete BEFORE DELETE ON thread_consents
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER notifications_set_once BEFORE UPDATE ON notifications
    FOR EACH ROW WHEN (OLD.read_at IS NOT NULL) EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER notifications_no_delete BEFORE DELETE ON notifications
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
