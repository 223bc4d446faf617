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
    PRIMARY KEY (center_id, queue_id, interval_start)
);

-- No FOREIGN KEY to queue on purpose: PostgreSQL checks a foreign key with
-- a trigger a row, which made a million-row import 40 % slower. Instead the
-- importer locks the center's queue rows (FOR KEY SHARE) for the length of
-- its transaction and checks every row's queue against them, which is the
-- guarantee the foreign key gave, paid once an import; and this trigger
-- does what ON DELETE / ON UPDATE CASCADE would.
CREATE FUNCTION history_follow_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM history WHERE center_id = OLD.center_id AND queue_id = OLD.id;
    ELSIF (NEW.center_id, NEW.id) IS DISTINCT FROM (OLD.center_id, OLD.id) THEN
        UPDATE history SET center_id = NEW.center_id, queue_id = NEW.id
         WHERE center_id = OLD.center_id AND queue_id = OLD.id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER history_follow_queue AFTER DELETE OR UPDATE OF center_id, id ON queue
    FOR EACH ROW EXECUTE FUNCTION history_follow_queue();
