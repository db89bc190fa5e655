-- Ping tests (issue 4, Annex A §8): campaigns, one challenge per entry and campaign, every
-- attempt at handing a message to the relay, acknowledgements, escalations to a state's
-- administrators, the mail those escalations send, the follow-up log and the schedule's slots.
-- Ping results are never deleted (invariant 3); attempts, acknowledgements, escalations and
-- follow-ups are append-only.
CREATE TABLE ping_campaigns (
    id          TEXT PRIMARY KEY,
    started_at  INTEGER NOT NULL,
    started_by  TEXT NOT NULL,
    trigger     TEXT NOT NULL,
    -- {"states": [...], "role": ...}
    target      TEXT NOT NULL,
    window_secs INTEGER NOT NULL,
    slot        TEXT,
    challenges  INTEGER NOT NULL,
    closed_at   INTEGER
);
CREATE TABLE ping_challenges (
    id              TEXT PRIMARY KEY,
    campaign_id     TEXT NOT NULL REFERENCES ping_campaigns (id),
    poc_id          TEXT NOT NULL,
    state           TEXT NOT NULL,
    role            TEXT NOT NULL,
    -- JSON array of addresses; empty for an in-app challenge.
    recipients      TEXT NOT NULL,
    language        TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    delivery        TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER,
    lease_owner     TEXT,
    lease_until     INTEGER,
    -- SHA-256 of the token, set in the transaction that hands the message over.
    token_hash      TEXT UNIQUE,
    handed_over_at  INTEGER,
    sent_at         INTEGER,
    bounced_at      INTEGER,
    bounce_reason   TEXT,
    due_at          INTEGER,
    outcome         TEXT NOT NULL,
    no_response_at  INTEGER,
    acknowledged_at INTEGER,
    ack_channel     TEXT,
    on_time         INTEGER,
    UNIQUE (campaign_id, poc_id)
);
CREATE INDEX ping_challenges_queue ON ping_challenges (delivery, next_attempt_at);
CREATE INDEX ping_challenges_due ON ping_challenges (outcome, due_at);
CREATE INDEX ping_challenges_poc ON ping_challenges (poc_id);
-- Attempts of both mail queues: message_id is a challenge or an outbox message.
CREATE TABLE ping_delivery_attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id   TEXT NOT NULL,
    at           INTEGER NOT NULL,
    worker       TEXT NOT NULL,
    -- sent | temporary | permanent | handover_refused | bounce
    result       TEXT NOT NULL,
    detail       TEXT
);
CREATE INDEX ping_delivery_attempts_challenge ON ping_delivery_attempts (message_id, id);
CREATE TABLE ping_acknowledgements (
    challenge_id TEXT PRIMARY KEY,
    poc_id       TEXT NOT NULL,
    at           INTEGER NOT NULL,
    channel      TEXT NOT NULL,
    on_time      INTEGER NOT NULL,
    actor        TEXT NOT NULL
);
CREATE INDEX ping_acknowledgements_poc ON ping_acknowledgements (poc_id, at);
CREATE TABLE ping_escalations (
    id             TEXT PRIMARY KEY,
    campaign_id    TEXT NOT NULL,
    state          TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    -- JSON array of entry ids
    unanswered     TEXT NOT NULL,
    administrators INTEGER NOT NULL,
    UNIQUE (campaign_id, state)
);
-- Messages Liaison sends besides the pings themselves (escalations), with the same claim,
-- handover and retry columns as ping_challenges.
CREATE TABLE mail_outbox (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    subject_id      TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    language        TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    delivery        TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER,
    lease_owner     TEXT,
    lease_until     INTEGER,
    handed_over_at  INTEGER,
    sent_at         INTEGER,
    bounced_at      INTEGER,
    bounce_reason   TEXT
);
CREATE INDEX mail_outbox_queue ON mail_outbox (delivery, next_attempt_at);
CREATE TABLE ping_follow_ups (
    id           TEXT PRIMARY KEY,
    state        TEXT NOT NULL,
    campaign_id  TEXT,
    poc_id       TEXT,
    recorded_by  TEXT NOT NULL,
    recorded_at  INTEGER NOT NULL,
    contacted_at INTEGER NOT NULL,
    authority    TEXT NOT NULL,
    method       TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    note         TEXT
);
CREATE INDEX ping_follow_ups_state ON ping_follow_ups (state, recorded_at);
-- One row per schedule slot that has been filled (by a scheduled campaign, or by a campaign
-- someone started within it): the primary key is what lets only one replica start it.
CREATE TABLE ping_schedule_slots (
    slot        TEXT PRIMARY KEY,
    campaign_id TEXT,
    created_at  INTEGER NOT NULL
);
-- People get an address and a language for what Liaison writes to them.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE enrolment_links ADD COLUMN email TEXT;
CREATE TRIGGER ping_campaigns_no_delete BEFORE DELETE ON ping_campaigns BEGIN SELECT RAISE(ABORT, 'ping results are never deleted'); END;
CREATE TRIGGER ping_challenges_no_delete BEFORE DELETE ON ping_challenges BEGIN SELECT RAISE(ABORT, 'ping results are never deleted'); END;
CREATE TRIGGER mail_outbox_no_delete BEFORE DELETE ON mail_outbox BEGIN SELECT RAISE(ABORT, 'mail_outbox keeps every message'); END;
CREATE TRIGGER ping_delivery_attempts_no_update BEFORE UPDATE ON ping_delivery_attempts BEGIN SELECT RAISE(ABORT, 'ping_delivery_attempts is append-only'); END;
CREATE TRIGGER ping_delivery_attempts_no_delete BEFORE DELETE ON ping_delivery_attempts BEGIN SELECT RAISE(ABORT, 'ping_delivery_attempts is append-only'); END;
CREATE TRIGGER ping_acknowledgements_no_update BEFORE UPDATE ON ping_acknowledgements BEGIN SELECT RAISE(ABORT, 'ping_acknowledgements is append-only'); END;
CREATE TRIGGER ping_acknowledgements_no_delete BEFORE DELETE ON ping_acknowledgements BEGIN SELECT RAISE(ABORT, 'ping_acknowledgements is append-only'); END;
CREATE TRIGGER ping_escalations_no_update BEFORE UPDATE ON ping_escalations BEGIN SELECT RAISE(ABORT, 'ping_escalations is append-only'); END;
CREATE TRIGGER ping_escalations_no_delete BEFORE DELETE ON ping_escalations BEGIN SELECT RAISE(ABORT, 'ping_escalations is append-only'); END;
CREATE TRIGGER ping_follow_ups_no_update BEFORE UPDATE ON ping_follow_ups BEGIN SELECT RAISE(ABORT, 'ping_follow_ups is append-only'); END;
CREATE TRIGGER ping_follow_ups_no_delete BEFORE DELETE ON ping_follow_ups BEGIN SELECT RAISE(ABORT, 'ping_follow_ups is append-only'); END;
CREATE TRIGGER ping_schedule_slots_no_delete BEFORE DELETE ON ping_schedule_slots BEGIN SELECT RAISE(ABORT, 'ping_schedule_slots is append-only'); END;
