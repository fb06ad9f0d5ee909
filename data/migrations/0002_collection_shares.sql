-- 0002_collection_shares: a finder shares one of their collections with
-- another person. Written through pulse.record_collection_share (0004).
-- Unlocks the "table" variant of shared_collections.
CREATE TABLE public.collection_shares (
    id                    BIGSERIAL PRIMARY KEY,
    collection_id         BIGINT NOT NULL REFERENCES public.collections,
    shared_by_person_id   BIGINT NOT NULL REFERENCES public.persons,
    shared_with_person_id BIGINT NOT NULL REFERENCES public.persons,
    shared_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    permission_level      VARCHAR(16) NOT NULL CHECK (permission_level IN ('view', 'edit'))
);

CREATE INDEX collection_shares_shared_at_idx ON public.collection_shares (shared_at);
CREATE INDEX collection_shares_collection_id_idx
    ON public.collection_shares (collection_id, shared_with_person_id);
