-- Pulse: baseline schema of the talent platform, as it exists today.
--
-- Plain DDL for an empty database, schema "public". No psql meta-commands:
-- the whole file can be sent as one string with PQexec (it runs as a single
-- implicit transaction). Later changes (e.g. the tracking tables sessions,
-- collection_shares, collection_items) are migrations, not part of this file.

CREATE TABLE public.persons (
    id                BIGSERIAL PRIMARY KEY,
    email             TEXT NOT NULL UNIQUE,
    role              TEXT NOT NULL CHECK (role IN ('BUILDER', 'FINDER')),
    created_at        TIMESTAMPTZ NOT NULL,
    email_verified_at TIMESTAMPTZ,
    onboarded_at      TIMESTAMPTZ,
    deleted_at        TIMESTAMPTZ
);

CREATE TABLE public.profiles (
    id           BIGSERIAL PRIMARY KEY,
    person_id    BIGINT NOT NULL UNIQUE REFERENCES public.persons,
    headline     TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE public.profile_updates (
    id         BIGSERIAL PRIMARY KEY,
    profile_id BIGINT NOT NULL REFERENCES public.profiles,
    updated_at TIMESTAMPTZ NOT NULL,
    fields     TEXT[] NOT NULL DEFAULT '{}'
);

CREATE TABLE public.posts (
    id               BIGSERIAL PRIMARY KEY,
    author_person_id BIGINT NOT NULL REFERENCES public.persons,
    created_at       TIMESTAMPTZ NOT NULL,
    deleted_at       TIMESTAMPTZ
);

CREATE TABLE public.post_views (
    id               BIGSERIAL PRIMARY KEY,
    post_id          BIGINT NOT NULL REFERENCES public.posts,
    viewer_person_id BIGINT REFERENCES public.persons,
    viewed_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE public.post_reactions (
    id         BIGSERIAL PRIMARY KEY,
    post_id    BIGINT NOT NULL REFERENCES public.posts,
    person_id  BIGINT NOT NULL REFERENCES public.persons,
    kind       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE public.post_comments (
    id         BIGSERIAL PRIMARY KEY,
    post_id    BIGINT NOT NULL REFERENCES public.posts,
    person_id  BIGINT NOT NULL REFERENCES public.persons,
    created_at TIMESTAMPTZ NOT NULL,
    deleted_at TIMESTAMPTZ
);

CREATE TABLE public.profile_views (
    id               BIGSERIAL PRIMARY KEY,
    profile_id       BIGINT NOT NULL REFERENCES public.profiles,
    viewer_person_id BIGINT REFERENCES public.persons,
    viewed_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE public.finder_searches (
    id           BIGSERIAL PRIMARY KEY,
    person_id    BIGINT NOT NULL REFERENCES public.persons,
    query        TEXT NOT NULL,
    result_count INT NOT NULL DEFAULT 0,
    searched_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE public.finder_votes (
    id         BIGSERIAL PRIMARY KEY,
    person_id  BIGINT NOT NULL REFERENCES public.persons,
    profile_id BIGINT NOT NULL REFERENCES public.profiles,
    value      SMALLINT NOT NULL CHECK (value IN (-1, 1)),
    voted_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE public.collections (
    id              BIGSERIAL PRIMARY KEY,
    owner_person_id BIGINT NOT NULL REFERENCES public.persons,
    name            TEXT NOT NULL,
    privacy         TEXT NOT NULL CHECK (privacy IN ('PUBLIC', 'PRIVATE')),
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    deleted_at      TIMESTAMPTZ
);

CREATE TABLE public.activity_events (
    id          BIGSERIAL PRIMARY KEY,
    person_id   BIGINT NOT NULL REFERENCES public.persons,
    kind        TEXT NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL
);

-- Indexes for the metric queries: every timestamp used for daily counts,
-- plus per-person activity (sessions, retention, first-week activity) and
-- the foreign keys that metrics join on.
CREATE INDEX persons_created_at_idx          ON public.persons (created_at);
CREATE INDEX persons_email_verified_at_idx   ON public.persons (email_verified_at);
CREATE INDEX persons_onboarded_at_idx        ON public.persons (onboarded_at);
CREATE INDEX profiles_created_at_idx         ON public.profiles (created_at);
CREATE INDEX profiles_completed_at_idx       ON public.profiles (completed_at);
CREATE INDEX profile_updates_updated_at_idx  ON public.profile_updates (updated_at);
CREATE INDEX profile_updates_profile_id_idx  ON public.profile_updates (profile_id);
CREATE INDEX posts_created_at_idx            ON public.posts (created_at);
CREATE INDEX posts_author_person_id_idx      ON public.posts (author_person_id);
CREATE INDEX post_views_viewed_at_idx        ON public.post_views (viewed_at);
CREATE INDEX post_views_post_id_idx          ON public.post_views (post_id);
CREATE INDEX post_reactions_created_at_idx   ON public.post_reactions (created_at);
CREATE INDEX post_reactions_post_id_idx      ON public.post_reactions (post_id);
CREATE INDEX post_comments_created_at_idx    ON public.post_comments (created_at);
CREATE INDEX post_comments_post_id_idx       ON public.post_comments (post_id);
CREATE INDEX profile_views_viewed_at_idx     ON public.profile_views (viewed_at);
CREATE INDEX profile_views_profile_id_idx    ON public.profile_views (profile_id);
CREATE INDEX finder_searches_searched_at_idx ON public.finder_searches (searched_at);
CREATE INDEX finder_searches_person_id_idx   ON public.finder_searches (person_id, searched_at);
CREATE INDEX finder_votes_voted_at_idx       ON public.finder_votes (voted_at);
CREATE INDEX finder_votes_profile_id_idx     ON public.finder_votes (profile_id);
CREATE INDEX collections_created_at_idx      ON public.collections (created_at);
CREATE INDEX collections_owner_person_id_idx ON public.collections (owner_person_id);
CREATE INDEX activity_events_occurred_at_idx ON public.activity_events (occurred_at);
CREATE INDEX activity_events_person_occurred_at_idx
                                             ON public.activity_events (person_id, occurred_at);
