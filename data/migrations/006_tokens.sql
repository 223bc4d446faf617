-- Bearer tokens. Only a hash of each token is stored; the token itself is
-- shown once, when it is created. token_id is the public part used to find
-- the row; the secret is checked against secret_hash in constant time.
CREATE TABLE api_token (
    token_id     text PRIMARY KEY,
    secret_hash  bytea NOT NULL CHECK (length(secret_hash) = 32),
    center_id    text NOT NULL REFERENCES center(id) ON DELETE CASCADE,
    role         text NOT NULL CHECK (role IN ('viewer', 'manager', 'planner', 'admin')),
    label        text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);
CREATE INDEX api_token_center ON api_token (center_id);
