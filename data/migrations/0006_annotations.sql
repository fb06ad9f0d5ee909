-- 0006_annotations: notes a team pins to dates; a release or a campaign
-- shows on every time chart of Pulse. The one table Pulse itself writes:
-- people add and remove annotations from the dashboard's connection, in a
-- short write transaction of their own next to the read-only session.
-- pulse: dashboard-writes
CREATE TABLE pulse.annotations (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    first_day   DATE NOT NULL,
    last_day    DATE NOT NULL,
    body        TEXT NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 500),
    tag         TEXT CHECK (tag IS NULL OR length(btrim(tag)) BETWEEN 1 AND 40),
    created_by  TEXT NOT NULL DEFAULT current_user,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (first_day <= last_day)
);

-- Charts ask for the annotations that overlap their range.
CREATE INDEX annotations_days_idx ON pulse.annotations (first_day, last_day);
