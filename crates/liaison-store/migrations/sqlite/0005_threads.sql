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
    respond_by     INTEGER,
    exercise       INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
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
    position  INTEGER NOT NULL,
    PRIMARY KEY (thread_id, poc_id)
);
CREATE INDEX thread_participants_poc ON thread_participants (poc_id);
CREATE INDEX thread_participants_state ON thread_participants (state);
-- sent, delivered, acknowledged, responded (per recipient), closed (per thread): each once.
CREATE TABLE thread_transitions (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id TEXT NOT NULL REFERENCES threads (id),
    poc_id    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL
);
CREATE UNIQUE INDEX thread_transitions_once ON thread_transitions (thread_id, poc_id, kind);
CREATE UNIQUE INDEX thread_transitions_closed_once ON thread_transitions (thread_id) WHERE kind = 'closed';
CREATE TABLE thread_messages (
    id         TEXT PRIMARY KEY,
    thread_id  TEXT NOT NULL REFERENCES threads (id),
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    author_poc TEXT NOT NULL,
    actor      TEXT NOT NULL,
    at         INTEGER NOT NULL,
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
    position   INTEGER NOT NULL,
    at         INTEGER NOT NULL,
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
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id TEXT NOT NULL REFERENCES threads (id),
    poc_id    TEXT NOT NULL,
    actor     TEXT NOT NULL,
    device    TEXT NOT NULL,
    at        INTEGER NOT NULL,
    up_to_seq INTEGER NOT NULL
);
CREATE INDEX thread_fetches_by ON thread_fetches (thread_id, poc_id);
CREATE TABLE thread_consents (
    id           TEXT PRIMARY KEY,
    thread_id    TEXT NOT NULL REFERENCES threads (id),
    requested_by TEXT NOT NULL,
    actor        TEXT NOT NULL,
    at           INTEGER NOT NULL,
    targets      TEXT NOT NULL,
    message_id   TEXT REFERENCES thread_messages (id),
    used_by      TEXT
);
CREATE INDEX thread_consents_thread ON thread_consents (thread_id);
CREATE TABLE thread_consent_decisions (
    consent_id TEXT NOT NULL REFERENCES thread_consents (id),
    poc_id     TEXT NOT NULL,
    answer     TEXT NOT NULL,
    at         INTEGER NOT NULL,
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
    exercise  INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    read_at   INTEGER,
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
    updated_at  INTEGER NOT NULL
);
-- Invariant 3 for exchanges: nothing is deleted; appended rows are never changed; set-once
-- columns are set once.
CREATE TRIGGER threads_no_change BEFORE UPDATE ON threads BEGIN SELECT RAISE(ABORT, 'threads is append-only'); END;
CREATE TRIGGER threads_no_delete BEFORE DELETE ON threads BEGIN SELECT RAISE(ABORT, 'threads is append-only'); END;
CREATE TRIGGER thread_participants_no_change BEFORE UPDATE ON thread_participants BEGIN SELECT RAISE(ABORT, 'thread_participants is append-only'); END;
CREATE TRIGGER thread_participants_no_delete BEFORE DELETE ON thread_participants BEGIN SELECT RAISE(ABORT, 'thread_participants is append-only'); END;
CREATE TRIGGER thread_transitions_no_change BEFORE UPDATE ON thread_transitions BEGIN SELECT RAISE(ABORT, 'thread_transitions is append-only'); END;
CREATE TRIGGER thread_transitions_no_delete BEFORE DELETE ON thread_transitions BEGIN SELECT RAISE(ABORT, 'thread_transitions is append-only'); END;
CREATE TRIGGER thread_messages_no_change BEFORE UPDATE ON thread_messages BEGIN SELECT RAISE(ABORT, 'thread_messages is append-only'); END;
CREATE TRIGGER thread_messages_no_delete BEFORE DELETE ON thread_messages BEGIN SELECT RAISE(ABORT, 'thread_messages is append-only'); END;
CREATE TRIGGER message_copies_no_change BEFORE UPDATE ON message_copies BEGIN SELECT RAISE(ABORT, 'message_copies is append-only'); END;
CREATE TRIGGER message_copies_no_delete BEFORE DELETE ON message_copies BEGIN SELECT RAISE(ABORT, 'message_copies is append-only'); END;
CREATE TRIGGER message_audience_set_once BEFORE UPDATE ON message_audience WHEN OLD.copy_id IS NOT NULL BEGIN SELECT RAISE(ABORT, 'message_audience coverage is set once'); END;
CREATE TRIGGER message_audience_no_delete BEFORE DELETE ON message_audience BEGIN SELECT RAISE(ABORT, 'message_audience is append-only'); END;
CREATE TRIGGER thread_fetches_no_change BEFORE UPDATE ON thread_fetches BEGIN SELECT RAISE(ABORT, 'thread_fetches is append-only'); END;
CREATE TRIGGER thread_fetches_no_delete BEFORE DELETE ON thread_fetches BEGIN SELECT RAISE(ABORT, 'thread_fetches is append-only'); END;
CREATE TRIGGER thread_consents_set_once BEFORE UPDATE ON thread_consents WHEN OLD.used_by IS NOT NULL BEGIN SELECT RAISE(ABORT, 'a consent is used once'); END;
CREATE TRIGGER thread_consents_no_delete BEFORE DELETE ON thread_consents BEGIN SELECT RAISE(ABORT, 'thread_consents is append-only'); END;
CREATE TRIGGER thread_consent_decisions_no_change BEFORE UPDATE ON thread_consent_decisions BEGIN SELECT RAISE(ABORT, 'thread_consent_decisions is append-only'); END;
CREATE TRIGGER thread_consent_decisions_no_delete BEFORE DELETE ON thread_consent_decisions BEGIN SELECT RAISE(ABORT, 'thread_consent_decisions is append-only'); END;
CREATE TRIGGER notifications_set_once BEFORE UPDATE ON notifications WHEN OLD.read_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'a notification is read once'); END;
CREATE TRIGGER notifications_no_delete BEFORE DELETE ON notifications BEGIN SELECT RAISE(ABORT, 'notifications is append-only'); END;
