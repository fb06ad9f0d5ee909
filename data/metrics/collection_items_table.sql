-- collection_items, variant "table" (source: collection_items, collections, persons)
-- items_added: collection_items rows with added_at in the bucket (later
-- removed ones count); profiles_collected: distinct profile_id among them
-- (distinct over the bucket). Per segment: the role of the person who added
-- the item. Summaries over [from, to]: items_added, profiles_collected
-- (distinct over the range), and live_items_per_live_collection at E (the
-- instant the last day ends): items with added_at < E and (deleted_at null or
-- >= E), counted by their own deleted_at only, / collections with created_at
-- < E and (deleted_at null or >= E), 0 if none; per segment by the role of the
-- collection's owner.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include calendar.sql
-- @include segments.sql
rows AS (  -- each row once for 'all' and once for the segment of r.added_by_person_id
    SELECT c.bkt[width_bucket(r.added_at, c.starts)] AS bucket, sg.segment, r.profile_id
      FROM cal c
      JOIN collection_items r
        ON r.added_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.added_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
      LEFT JOIN persons p ON p.id = r.added_by_person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
),
agg AS (
    SELECT bucket, segment,
           count(*) AS n,
           count(DISTINCT profile_id) AS n_profiles
      FROM rows GROUP BY 1, 2
),
tot AS (  -- over the whole range
    SELECT segment,
           count(*) AS n,
           count(DISTINCT profile_id) AS n_profiles
      FROM rows GROUP BY 1
),
live_items AS (  -- items alive at E, by their own deleted_at only
    SELECT sg.segment, count(*) AS n
      FROM collection_items i
      JOIN collections co ON co.id = i.collection_id
      LEFT JOIN persons p ON p.id = co.owner_person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
       AND i.added_at < (($2::date + 1)::timestamp AT TIME ZONE $3::text)
       AND (i.deleted_at IS NULL OR i.deleted_at >= (($2::date + 1)::timestamp AT TIME ZONE $3::text))
     GROUP BY 1
),
live_collections AS (
    SELECT sg.segment, count(*) AS n
      FROM collections co
      LEFT JOIN persons p ON p.id = co.owner_person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
       AND co.created_at < (($2::date + 1)::timestamp AT TIME ZONE $3::text)
       AND (co.deleted_at IS NULL OR co.deleted_at >= (($2::date + 1)::timestamp AT TIME ZONE $3::text))
     GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value, g.segment
  FROM segments g
 CROSS JOIN buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('items_added', coalesce(a.n, 0)), ('profiles_collected', coalesce(a.n_profiles, 0))) AS s(key, value)
UNION ALL
SELECT 'summary', s.key, NULL, s.value::double precision, g.segment
  FROM segments g
  LEFT JOIN tot t ON t.segment = g.segment
  LEFT JOIN live_items li ON li.segment = g.segment
  LEFT JOIN live_collections lc ON lc.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('items_added', coalesce(t.n, 0)), ('profiles_collected', coalesce(t.n_profiles, 0)),
                            ('live_items_per_live_collection', CASE WHEN coalesce(lc.n, 0) > 0 THEN coalesce(li.n, 0)::double precision / lc.n ELSE 0 END)) AS s(key, value)
