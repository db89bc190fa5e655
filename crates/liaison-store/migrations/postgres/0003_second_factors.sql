-- Second factors and sign-in steps (issue 3): the last TOTP time step used (a code is accepted
-- once), recovery codes (SHA-256 of each, single use), WebAuthn passkeys, WebAuthn ceremony
-- state between the options and the answer, and sign-ins waiting for their second factor.
-- Enrolment links for the directory administrator (made on the host) have no state.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
CREATE TABLE recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users (id),
    code_hash  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at    BIGINT,
    PRIMARY KEY (user_id, code_hash)
);
CREATE TABLE passkeys (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    credential   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    data         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX passkeys_user ON passkeys (user_id);
CREATE TABLE webauthn_ceremonies (
    id_hash    TEXT PRIMARY KEY,
    user_id    TEXT,
    kind       TEXT NOT NULL,
    state      TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE TABLE pending_sign_ins (
    id_hash    TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    attempts   BIGINT NOT NULL
);
ALTER TABLE enrolment_links ALTER COLUMN state DROP NOT NULL;
