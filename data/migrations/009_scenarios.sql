-- What-if scenarios (issue 7): a base week of a center plus overrides, run
-- by a background job of kind "scenario" through the whole pipeline
-- (forecast -> requirements -> roster -> simulation). See docs/scenarios.md.
CREATE TABLE scenario (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    center_id   text NOT NULL REFERENCES center(id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    spec        jsonb NOT NULL CHECK (jsonb_typeof(spec) = 'object'), -- the request as stored
    job_id      bigint REFERENCES job(id) ON DELETE SET NULL,
    -- the job's state, error and end, mirrored by the trigger below so that
    -- a scenario keeps its outcome after `wfm job prune` removed its job
    state       text NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    result      jsonb,            -- written in the job's transaction when it succeeds
    error       jsonb,            -- {"code", "message", "field"} when failed
    roster_id   bigint REFERENCES roster(id) ON DELETE SET NULL, -- the draft roster it built
    created_by  text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    CHECK ((state = 'succeeded') = (result IS NOT NULL))
);
CREATE INDEX scenario_by_center ON scenario (center_id, id DESC);
CREATE INDEX scenario_by_job ON scenario (job_id);

-- The job queue (data/wfm_jobs.c) knows nothing of scenarios; this keeps a
-- scenario's state in step with its job's, whichever process changes it.
-- The result is written by the job itself (with state 'succeeded') in the
-- transaction that marks the job succeeded: the CHECK above holds a
-- scenario to having a result exactly when it succeeded.
CREATE FUNCTION scenario_follow_job() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE scenario SET state = NEW.state, error = NEW.error, finished_at = NEW.finished_at
     WHERE job_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER scenario_follow_job AFTER UPDATE OF state ON job
    FOR EACH ROW WHEN (NEW.kind = 'scenario' AND NEW.state IS DISTINCT FROM OLD.state)
    EXECUTE FUNCTION scenario_follow_job();
