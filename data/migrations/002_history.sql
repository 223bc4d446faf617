-- Interval history: what each queue was offered, answered and abandoned in
-- each interval, with total handle and wait times. One row a queue and
-- interval start; the checks mirror data/wfm_history.h's validation (the
-- alignment of interval_start on the center's local clock is checked by the
-- importer, which knows the zone).
CREATE TABLE history (
    center_id      text NOT NULL,
    queue_id       text NOT NULL,
    interval_start timestamptz NOT NULL,
    interval_s     integer NOT NULL CHECK (interval_s IN (900, 1800, 3600)),
    offered        integer NOT NULL CHECK (offered >= 0),
    answered       integer NOT NULL CHECK (answered >= 0),
    abandoned      integer NOT NULL CHECK (abandoned >= 0),
    handle_time_s  double precision NOT NULL CHECK (handle_time_s >= 0 AND handle_time_s < 'Infinity'),
    wait_time_s    double precision NOT NULL CHECK (wait_time_s >= 0 AND wait_time_s < 'Infinity'),
    imported_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (answered + abandoned <= offered),
    PRIMARY KEY (center_id, queue_id, interval_start),
    FOREIGN KEY (center_id, queue_id) REFERENCES queue (center_id, id) ON DELETE CASCADE
);
