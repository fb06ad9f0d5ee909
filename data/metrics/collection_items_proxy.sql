-- collection_items, variant "proxy" (source: table collections; used when the
-- collection_items table does not exist). No daily series. Summary
-- collections_per_owner: collections created in [from, to] (soft-deleted ones
-- count) / distinct owner_person_id among them (0 if none).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
SELECT 'summary'::text AS kind, 'collections_per_owner'::text AS key, NULL::text AS label,
       CASE WHEN count(DISTINCT r.owner_person_id) > 0
            THEN count(*)::double precision / count(DISTINCT r.owner_person_id)
            ELSE 0 END AS value
  FROM (SELECT $4::text AS g) AS unused_granularity, collections r
 WHERE r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
   AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
