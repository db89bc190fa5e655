-- Ping tests (issue 4, Annex A §8): campaigns, one challenge per entry and campaign, every
-- attempt at handing a message to the relay, acknowledgements, escalations to a state's
-- administrators, the mail those escalations send, the follow-up log and the schedule's slots.
-- Ping results are never deleted (invariant 3); attempts, acknowledgements, escalations and
-- follow-ups are append-only.
CREATE TABLE ping_campaigns (
    id          TEXT PRIMARY KEY,
    started_at  BIGINT NOT NULL,
    started_by  TEXT NOT NULL,
    trigger     TEXT NOT NULL,
    -- {"states": [...], "role": ...}
    target      TEXT NOT NULL,
    window_secs BIGINT NOT NULL,
    slot        TEXT,
    challenges  BIGINT NOT NULL,
    closed_at   BIGINT
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
    created_at      BIGINT NOT NULL,
    delivery        TEXT NOT NULL,
    attempts        BIGINT NOT NULL,
    next_attempt_at BIGINT,
    lease_owner     TEXT,
    lease_until     BIGINT,
    -- SHA-256 of the token, set in the transaction that hands the message over.
    token_hash      TEXT UNIQUE,
    handed_over_at  BIGINT,
    sent_at         BIGINT,
    bounced_at      BIGINT,
    bounce_reason   TEXT,
    due_at          BIGINT,
    outcome         TEXT NOT NULL,
    no_response_at  BIGINT,
    acknowledged_at BIGINT,
    ack_channel     TEXT,
    on_time         BIGINT,
    UNIQUE (campaign_id, poc_id)
);
CREATE INDEX ping_challenges_queue ON ping_challenges (delivery, next_attempt_at);
CREATE INDEX ping_challenges_due ON ping_challenges (outcome, due_at);
CREATE INDEX ping_challenges_poc ON ping_challenges (poc_id);
-- Attempts of both mail queues: message_id is a challenge or an outbox message.
CREATE TABLE ping_delivery_attempts (
    id           BIGSERIAL PRIMARY KEY,
    message_id   TEXT NOT NULL,
    at           BIGINT NOT NULL,
    worker       TEXT NOT NULL,
    -- sent | temporary | permanent | handover_refused | bounce
    result       TEXT NOT NULL,
    detail       TEXT
);
CREATE INDEX ping_delivery_attempts_challenge ON ping_delivery_attempts (message_id, id);
CREATE TABLE ping_acknowledgements (
    challenge_id TEXT PRIMARY KEY,
    poc_id       TEXT NOT NULL,
    at           BIGINT NOT NULL,
    channel      TEXT NOT NULL,
    on_time      BIGINT NOT NULL,
    actor        TEXT NOT NULL
);
CREATE INDEX ping_acknowledgements_poc ON ping_acknowledgements (poc_id, at);
CREATE TABLE ping_escalations (
    id             TEXT PRIMARY KEY,
    campaign_id    TEXT NOT NULL,
    state          TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    -- JSON array of entry ids
    unanswered     TEXT NOT NULL,
    administrators BIGINT NOT NULL,
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
    created_at      BIGINT NOT NULL,
    delivery        TEXT NOT NULL,
    attempts        BIGINT NOT NULL,
    next_attempt_at BIGINT,
    lease_owner     TEXT,
    lease_until     BIGINT,
    handed_over_at  BIGINT,
    sent_at         BIGINT,
    bounced_at      BIGINT,
    bounce_reason   TEXT
);
CREATE INDEX mail_outbox_queue ON mail_outbox (delivery, next_attempt_at);
CREATE TABLE ping_follow_ups (
    id           TEXT PRIMARY KEY,
    state        TEXT NOT NULL,
    campaign_id  TEXT,
    poc_id       TEXT,
    recorded_by  TEXT NOT NULL,
    recorded_at  BIGINT NOT NULL,
    contacted_at BIGINT NOT NULL,
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
    created_at  BIGINT NOT NULL
);
-- People get an address and a language for what Liaison writes to them.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE enrolment_links ADD COLUMN email TEXT;
CREATE TRIGGER ping_campaigns_no_delete BEFORE DELETE ON ping_campaigns
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER ping_challenges_no_delete BEFORE DELETE ON ping_challenges
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER mail_outbox_no_delete BEFORE DELETE ON mail_outbox
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER ping_schedule_slots_no_delete BEFORE DELETE ON ping_schedule_slots
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER ping_delivery_attempts_append_only BEFORE UPDATE OR DELETE ON ping_delivery_attempts
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER ping_acknowledgements_append_only BEFORE UPDATE OR DELETE ON ping_acknowledgements
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER ping_escalations_append_only BEFORE UPDATE OR DELETE ON ping_escalations
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER ping_follow_ups_append_only BEFORE UPDATE OR DELETE ON ping_follow_ups
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
