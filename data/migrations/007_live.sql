-- The live seat plan (issue 6): interval actuals and real-time snapshots as
-- the phone system reports them, what a re-plan reads before rosters and
-- forecasts are stored elsewhere (agents on shift, forecast intervals), and
-- the seat plans it produced. See docs/live.md.

-- Interval results per queue. A re-sent interval replaces the earlier one
-- (phone systems correct the last interval when late contacts settle).
CREATE TABLE live_actual (
    center_id      text NOT NULL,
    queue_id       text NOT NULL,
    interval_start timestamptz NOT NULL,
    interval_s     integer NOT NULL CHECK (interval_s IN (900, 1800, 3600)),
    offered        integer NOT NULL CHECK (offered >= 0),
    answered       integer NOT NULL CHECK (answered >= 0),
    abandoned      integer NOT NULL CHECK (abandoned >= 0),
    handle_time_s  double precision NOT NULL CHECK (handle_time_s >= 0),
    wait_time_s    double precision NOT NULL CHECK (wait_time_s >= 0),
    received_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (center_id, queue_id, interval_start),
    FOREIGN KEY (center_id, queue_id) REFERENCES queue(center_id, id) ON DELETE CASCADE,
    CHECK (answered + abandoned <= offered)
);

-- The real-time board at one moment: agents by state, contacts waiting.
CREATE TABLE live_snapshot (
    id               bigserial PRIMARY KEY,
    center_id        text NOT NULL REFERENCES center(id) ON DELETE CASCADE,
    taken_at         timestamptz NOT NULL,
    agents_logged_in integer NOT NULL CHECK (agents_logged_in >= 0),
    agents_on_break  integer NOT NULL CHECK (agents_on_break >= 0),
    agents_available integer NOT NULL CHECK (agents_available >= 0)
);
CREATE INDEX live_snapshot_center_taken ON live_snapshot (center_id, taken_at);

CREATE TABLE live_snapshot_queue (
    snapshot_id      bigint NOT NULL REFERENCES live_snapshot(id) ON DELETE CASCADE,
    queue_id         text NOT NULL,
    contacts_waiting integer NOT NULL CHECK (contacts_waiting >= 0),
    PRIMARY KEY (snapshot_id, queue_id)
);

-- Agents on shift: what the re-plan moves. The roster stage fills it from
-- the published roster; until then it is loaded directly. skills are queue
-- ids; planned_queue NULL = offline work.
CREATE TABLE live_shift (
    center_id     text NOT NULL REFERENCES center(id) ON DELETE CASCADE,
    agent_id      text NOT NULL,
    shift_start   timestamptz NOT NULL,
    shift_end     timestamptz NOT NULL CHECK (shift_end > shift_start),
    skills        text[] NOT NULL,
    planned_queue text,
    PRIMARY KEY (center_id, agent_id, shift_start)
);

-- A planned break and the window its start may move in.
CREATE TABLE live_shift_break (
    center_id      text NOT NULL,
    agent_id       text NOT NULL,
    shift_start    timestamptz NOT NULL,
    break_start    timestamptz NOT NULL,
    break_end      timestamptz NOT NULL CHECK (break_end > break_start),
    earliest_start timestamptz NOT NULL CHECK (earliest_start <= break_start),
    latest_start   timestamptz NOT NULL CHECK (latest_start >= break_start),
    PRIMARY KEY (center_id, agent_id, shift_start, break_start),
    FOREIGN KEY (center_id, agent_id, shift_start)
        REFERENCES live_shift(center_id, agent_id, shift_start) ON DELETE CASCADE
);

-- The forecast the re-plan starts from, per queue and interval, with the
-- upper end of its 95 % interval (for surge alerts). The forecast stage
-- fills it when a forecast is published.
CREATE TABLE live_forecast (
    center_id      text NOT NULL,
    queue_id       text NOT NULL,
    interval_start timestamptz NOT NULL,
    offered        double precision NOT NULL CHECK (offered >= 0),
    offered_upper95 double precision NOT NULL CHECK (offered_upper95 >= offered),
    aht_s          double precision NOT NULL CHECK (aht_s > 0),
    PRIMARY KEY (center_id, queue_id, interval_start),
    FOREIGN KEY (center_id, queue_id) REFERENCES queue(center_id, id) ON DELETE CASCADE
);

-- Every live seat plan a re-plan produced; the one in force at time t is the
-- latest created at or before t. plan is the JSON served, byte for byte
-- (json, not jsonb, keeps it so), etag its strong validator.
CREATE TABLE live_seat_plan (
    id         bigserial PRIMARY KEY,
    center_id  text NOT NULL REFERENCES center(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    as_of      timestamptz NOT NULL,
    etag       text NOT NULL,
    plan       json NOT NULL
);
CREATE INDEX live_seat_plan_center_created ON live_seat_plan (center_id, created_at);
