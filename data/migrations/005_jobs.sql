-- Background jobs (rosters, scenarios, diagnostics) shared by every worker
-- process on any machine: a worker takes a row with FOR UPDATE SKIP LOCKED
-- and holds it by a lease it renews with heartbeats; a row whose lease ran
-- out belongs to a dead worker and is taken again (docs/jobs.md).
CREATE TABLE job (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    center_id         text REFERENCES center(id) ON DELETE CASCADE, -- NULL: not a center's job
    kind              text NOT NULL CHECK (kind ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    state             text NOT NULL DEFAULT 'queued'
                      CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    params            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(params) = 'object'),
    -- higher first: a manager's roster before a planner's what-if scenarios
    priority          smallint NOT NULL DEFAULT 0 CHECK (priority BETWEEN -100 AND 100),
    result            jsonb,
    error             jsonb,             -- {"code", "message", "field"} when failed
    -- progress as the runner last reported it
    phase             text NOT NULL DEFAULT '',
    percent           real NOT NULL DEFAULT 0 CHECK (percent >= 0 AND percent <= 100),
    progress          jsonb,             -- runner's detail: solver gap, incumbent, ...
    attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts      integer NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 100),
    -- the lease of the running attempt
    worker_id         text,
    lease_expires_at  timestamptz,
    heartbeat_at      timestamptz,
    cancel_requested  boolean NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    started_at        timestamptz,
    finished_at       timestamptz,
    CHECK (state <> 'running' OR (worker_id IS NOT NULL AND lease_expires_at IS NOT NULL))
);

-- Taking work: the first queued job by priority and age, or a running one
-- whose lease expired.
CREATE INDEX job_queued ON job (priority DESC, created_at, id) WHERE state = 'queued';
CREATE INDEX job_running_lease ON job (lease_expires_at) WHERE state = 'running';
-- The per-center limit on active jobs, and the per-center listing.
CREATE INDEX job_center_active ON job (center_id) WHERE state IN ('queued', 'running');
CREATE INDEX job_center ON job (center_id, id);
-- Retention (wfm job prune) and the last hour's counts (wfm job stats).
CREATE INDEX job_finished ON job (finished_at) WHERE finished_at IS NOT NULL;
