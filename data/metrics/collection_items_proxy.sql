-- collection_items, variant "proxy" (source: collections, persons; used when
-- collection_items does not exist). No daily series. Summary
-- collections_per_owner: collections created in [from, to] (soft-deleted
-- included) / distinct owners of those collections (0 if none), per segment
-- (the owner's role).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include segments.sql
tot AS (  -- range-level: $4 (granularity) is accepted and ignored
    SELECT sg.segment, count(*) AS n, count(DISTINCT r.owner_person_id) AS n_owners
      FROM (SELECT $4::text AS g) AS unused_granularity, collections r
      LEFT JOIN persons p ON p.id = r.owner_person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
       AND r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1
)
SELECT 'summary'::text AS kind, 'collections_per_owner'::text AS key, NULL::text AS label,
       CASE WHEN coalesce(t.n_owners, 0) > 0 THEN t.n::double precision / t.n_owners ELSE 0 END AS value,
       g.segment
  FROM segments g
  LEFT JOIN tot t ON t.segment = g.segment
