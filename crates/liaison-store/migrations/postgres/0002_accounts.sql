-- Web accounts (issue 3): people enrolled through one-time links, their server-side sessions,
-- and counters of failed sign-ins. Secrets are never stored: links and sessions by SHA-256 of
-- their secret, passwords as argon2id PHC strings.
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    -- What the person types to sign in, stored lowercased (NFC) so it matches one way.
    login         TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    state         TEXT,
    poc_id        TEXT,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    totp_secret   TEXT,
    created_at    BIGINT NOT NULL,
    disabled_at   BIGINT
);
CREATE INDEX users_state ON users (state);
CREATE TABLE enrolment_links (
    id           TEXT PRIMARY KEY,
    secret_hash  TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL,
    state        TEXT NOT NULL,
    poc_id       TEXT,
    display_name TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT,
    used_by      TEXT REFERENCES users (id),
    revoked_at   BIGINT
);
CREATE INDEX enrolment_links_state ON enrolment_links (state, created_at);
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    revoked_at   BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id);
-- One row per throttled key: "account:<login>" or "address:<ip>".
CREATE TABLE sign_in_failures (
    key             TEXT PRIMARY KEY,
    failures        BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL
);
