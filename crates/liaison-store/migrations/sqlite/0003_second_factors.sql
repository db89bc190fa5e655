-- Second factors and sign-in steps (issue 3): the last TOTP time step used (a code is accepted
-- once), recovery codes (SHA-256 of each, single use), WebAuthn passkeys, WebAuthn ceremony
-- state between the options and the answer, and sign-ins waiting for their second factor.
-- Enrolment links for the directory administrator (made on the host) have no state.
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
CREATE TABLE recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users (id),
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER,
    PRIMARY KEY (user_id, code_hash)
);
CREATE TABLE passkeys (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    -- The credential id, URL-safe base64 without padding.
    credential   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    -- webauthn-rs `Passkey` as JSON (public key, counter).
    data         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX passkeys_user ON passkeys (user_id);
CREATE TABLE webauthn_ceremonies (
    id_hash    TEXT PRIMARY KEY,
    user_id    TEXT,
    kind       TEXT NOT NULL,
    state      TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE pending_sign_ins (
    id_hash    TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL
);
CREATE TABLE enrolment_links_new (
    id           TEXT PRIMARY KEY,
    secret_hash  TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL,
    state        TEXT,
    poc_id       TEXT,
    display_name TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER,
    used_by      TEXT REFERENCES users (id),
    revoked_at   INTEGER
);
INSERT INTO enrolment_links_new (id, secret_hash, role, state, poc_id, display_name, created_by,
    created_at, expires_at, used_at, used_by, revoked_at)
SELECT id, secret_hash, role, state, poc_id, display_name, created_by,
    created_at, expires_at, used_at, used_by, revoked_at FROM enrolment_links;
DROP TABLE enrolment_links;
ALTER TABLE enrolment_links_new RENAME TO enrolment_links;
CREATE INDEX enrolment_links_state ON enrolment_links (state, created_at);
