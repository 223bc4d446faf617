-- Centers (one hotline each, a tenant) and the queues contacts arrive on.
CREATE TABLE center (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    name        text NOT NULL,
    time_zone   text NOT NULL,            -- IANA name, e.g. Asia/Shanghai
    interval_s  integer NOT NULL DEFAULT 900 CHECK (interval_s IN (900, 1800, 3600)),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE queue (
    center_id   text NOT NULL REFERENCES center(id) ON DELETE CASCADE,
    id          text NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    channel     text NOT NULL CHECK (channel IN ('phone', 'sms', 'mailbox', 'weibo', 'wechat', 'other')),
    kind        text NOT NULL CHECK (kind IN ('live', 'deferred')),
    -- deferred queues: answered within this many seconds
    deadline_s  integer CHECK (deadline_s IS NULL OR deadline_s > 0),
    PRIMARY KEY (center_id, id)
);
