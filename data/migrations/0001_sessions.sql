-- 0001_sessions: one row per visit of a person, written by the platform's
-- backend through pulse.record_session_heartbeat (migration 0004).
-- Unlocks the "table" variant of session_duration (data/metrics/
-- session_duration_table.sql), which counts sessions by started_at.
CREATE TABLE public.sessions (
    session_id       UUID PRIMARY KEY,
    person_id        BIGINT NOT NULL REFERENCES public.persons,
    started_at       TIMESTAMPTZ NOT NULL,
    ended_at         TIMESTAMPTZ,
    duration_seconds INT,
    page_views       INT NOT NULL DEFAULT 0,
    device_type      VARCHAR(32)
);

-- The metric filters and buckets by started_at; per-person lookups serve
-- the backend and the foreign key.
CREATE INDEX sessions_started_at_idx ON public.sessions (started_at);
CREATE INDEX sessions_person_id_started_at_idx ON public.sessions (person_id, started_at);
