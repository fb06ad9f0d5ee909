-- collection_items, variant "table" (source: tables collection_items, collections)
-- items_added: collection_items rows with added_at in the bucket (later removed
-- ones count); profiles_collected: distinct profile_id among them.
-- Summary live_items_per_live_collection, at the end of the range (E = the
-- instant the `to` day ends in the zone): items with added_at < E and
-- (deleted_at null or >= E) / collections with created_at < E and (deleted_at
-- null or >= E); 0 if there is no such collection. Items are counted by their
-- own deleted_at only.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH
-- @include calendar.sql
agg AS (
    SELECT c.bkt[width_bucket(r.added_at, c.starts)] AS bucket,
           count(*) AS n,
           count(DISTINCT r.profile_id) AS n_profiles
      FROM cal c
      JOIN collection_items r
        ON r.added_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.added_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1
)
SELECT kind, key, label, value FROM (
    SELECT 0 AS part, s.ord, 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
           s.value::double precision AS value, b.bucket
      FROM buckets b
      LEFT JOIN agg a ON a.bucket = b.bucket
     CROSS JOIN LATERAL (VALUES (1, 'items_added', coalesce(a.n, 0)),
                                (2, 'profiles_collected', coalesce(a.n_profiles, 0))) AS s(ord, key, value)
    UNION ALL
    SELECT 1 AS part, 1 AS ord, 'summary'::text AS kind, 'live_items_per_live_collection'::text AS key,
           NULL::text AS label,
           (SELECT CASE WHEN lc.n > 0 THEN li.n::double precision / lc.n ELSE 0 END
              FROM (SELECT count(*) AS n FROM collection_items i
                     WHERE i.added_at < (($2::date + 1)::timestamp AT TIME ZONE $3::text)
                       AND (i.deleted_at IS NULL OR i.deleted_at >= (($2::date + 1)::timestamp AT TIME ZONE $3::text))) AS li,
                   (SELECT count(*) AS n FROM collections co
                     WHERE co.created_at < (($2::date + 1)::timestamp AT TIME ZONE $3::text)
                       AND (co.deleted_at IS NULL OR co.deleted_at >= (($2::date + 1)::timestamp AT TIME ZONE $3::text))) AS lc) AS value,
           NULL::date AS bucket
) AS o
 ORDER BY part, ord, bucket
