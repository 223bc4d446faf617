-- Rosters (issue 5): the agents and shift templates a center rosters from,
-- and the rosters the optimizer builds, draft -> published (docs/roster.md).

-- An agent as the roster input document describes one: the columns the API
-- lists and filters by, the remaining labor rules (max_consecutive_days,
-- min_rest_hours, days_off_per_week, available_from_min, available_to_min,
-- time_off, preferred_template) as the document's fields in `rules`.
CREATE TABLE agent (
    center_id      text NOT NULL REFERENCES center(id) ON DELETE CASCADE,
    id             text NOT NULL CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.@-]{0,46}$'),
    name           text NOT NULL DEFAULT '',
    skills         text[] NOT NULL CHECK (cardinality(skills) > 0),
    min_week_hours double precision NOT NULL DEFAULT 0 CHECK (min_week_hours >= 0),
    max_week_hours double precision NOT NULL DEFAULT 40 CHECK (max_week_hours >= min_week_hours),
    rules          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(rules) = 'object'),
    active         boolean NOT NULL DEFAULT true,
    PRIMARY KEY (center_id, id)
);

-- A shift template exactly as the input document's "templates" entry.
CREATE TABLE shift_template (
    center_id  text NOT NULL REFERENCES center(id) ON DELETE CASCADE,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 47),
    definition jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
    PRIMARY KEY (center_id, name)
);

CREATE TABLE roster (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    center_id    text NOT NULL REFERENCES center(id) ON DELETE CASCADE,
    job_id       bigint REFERENCES job(id) ON DELETE SET NULL, -- the job that built it
    start_date   date NOT NULL,
    days         integer NOT NULL CHECK (days BETWEEN 1 AND 28),
    state        text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published')),
    created_by   text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_by text,
    published_at timestamptz,
    kpis         jsonb NOT NULL,
    input        jsonb NOT NULL,  -- the input document it was built from
    document     jsonb NOT NULL,  -- the optimizer's roster JSON (optimizer/wfm_roster_io.h)
    csv          text NOT NULL,   -- the optimizer's CSV export, written once at save
    CHECK ((state = 'published') = (published_at IS NOT NULL AND published_by IS NOT NULL))
);
CREATE INDEX roster_by_center ON roster (center_id, id DESC);

-- The shifts per agent, for queries across rosters (an agent's week, hours
-- per agent); one shift a day an agent, as the optimizer guarantees.
CREATE TABLE roster_shift (
    roster_id  bigint NOT NULL REFERENCES roster(id) ON DELETE CASCADE,
    agent_id   text NOT NULL,
    day        date NOT NULL,
    template   text NOT NULL,
    start_min  integer NOT NULL CHECK (start_min >= 0 AND start_min < 1440),
    end_min    integer NOT NULL CHECK (end_min > start_min),  -- may pass midnight
    paid_min   integer NOT NULL CHECK (paid_min >= 0),
    PRIMARY KEY (roster_id, agent_id, day)
);

-- Each agent's iCalendar file (the optimizer's writer), written once at save.
CREATE TABLE roster_calendar (
    roster_id bigint NOT NULL REFERENCES roster(id) ON DELETE CASCADE,
    agent_id  text NOT NULL,
    ics       text NOT NULL,
    PRIMARY KEY (roster_id, agent_id)
);
