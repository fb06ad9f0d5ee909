-- 0003_collection_items: profiles collected into collections; removal is a
-- soft delete (deleted_at). Written through pulse.record_collection_item and
-- pulse.remove_collection_item (0004).
-- Unlocks the "table" variant of collection_items.
CREATE TABLE public.collection_items (
    id                 BIGSERIAL PRIMARY KEY,
    collection_id      BIGINT NOT NULL REFERENCES public.collections,
    profile_id         BIGINT NOT NULL REFERENCES public.profiles,
    added_by_person_id BIGINT NOT NULL REFERENCES public.persons,
    added_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    notes              TEXT,
    deleted_at         TIMESTAMPTZ
);

CREATE INDEX collection_items_added_at_idx ON public.collection_items (added_at);
CREATE INDEX collection_items_collection_id_idx
    ON public.collection_items (collection_id, profile_id);
CREATE INDEX collection_items_profile_id_idx ON public.collection_items (profile_id);
