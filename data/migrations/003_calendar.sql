-- Each center's holiday calendar: the ready-made set it follows (China's
-- State Council notices, US federal holidays, or none) plus its own dated
-- entries, which override the ready-made set on their day (a local holiday,
-- a make-up working day, an extra day off announced late).
ALTER TABLE center ADD COLUMN calendar text NOT NULL DEFAULT 'china'
    CHECK (calendar IN ('china', 'us', 'none'));

CREATE TABLE calendar_entry (
    center_id text NOT NULL REFERENCES center(id) ON DELETE CASCADE ON UPDATE CASCADE,
    day       date NOT NULL,
    kind      text NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name      text NOT NULL DEFAULT '' CHECK (octet_length(name) <= 47),
    PRIMARY KEY (center_id, day)
);
