-- collection_privacy (source: table collections, persons)
-- Collections alive at the end of the day, by privacy: created_at before the
-- day's end and (deleted_at null or at/after the day's end); per segment (the
-- owner's role). Week/month buckets: the value of the bucket's last in-range
-- day. Summaries PUBLIC, PRIVATE and total: alive at the end of the range.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include calendar.sql
-- @include segments.sql
span AS (  -- alive at the end of day j  <=>  ks <= j < ke  (j = 1 is day f)
    SELECT co.privacy, sg.segment,
           greatest(width_bucket(co.created_at, c.starts), 1) AS ks,
           CASE WHEN co.deleted_at IS NOT NULL
                THEN width_bucket(co.deleted_at, c.starts) END AS ke
      FROM cal c
      JOIN collections co
        ON co.created_at < (($2::date + 1)::timestamp AT TIME ZONE $3::text)
       AND (co.deleted_at IS NULL OR co.deleted_at >= (($1::date + 1)::timestamp AT TIME ZONE $3::text))
      LEFT JOIN persons p ON p.id = co.owner_person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
),
delta AS (
    SELECT v.k, s.segment,
           sum(v.x) FILTER (WHERE s.privacy = 'PUBLIC')  AS x_public,
           sum(v.x) FILTER (WHERE s.privacy = 'PRIVATE') AS x_private
      FROM span s
     CROSS JOIN LATERAL (VALUES (s.ks, 1), (s.ke, -1)) AS v(k, x)
     WHERE (s.ke IS NULL OR s.ke > s.ks)
       AND v.k IS NOT NULL
     GROUP BY 1, 2
),
daily AS (
    SELECT g.segment, d.k,
           sum(coalesce(x.x_public, 0))  OVER w AS v_public,
           sum(coalesce(x.x_private, 0)) OVER w AS v_private
      FROM cal c
     CROSS JOIN generate_series(1, c.t - c.f + 1) AS d(k)
     CROSS JOIN segments g
      LEFT JOIN delta x ON x.k = d.k AND x.segment = g.segment
    WINDOW w AS (PARTITION BY g.segment ORDER BY d.k)
),
agg AS (  -- point-in-time value: the bucket's last in-range day
    SELECT DISTINCT ON (1, 2) dl.segment, c.bkt[dl.k] AS bucket, dl.k, dl.v_public, dl.v_private
      FROM daily dl, cal c
     ORDER BY 1, 2, dl.k DESC
)
SELECT 'series'::text AS kind, s.key, to_char(a.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value, a.segment
  FROM agg a
 CROSS JOIN LATERAL (VALUES ('PUBLIC', a.v_public), ('PRIVATE', a.v_private)) AS s(key, value)
UNION ALL
SELECT 'summary', s.key, NULL, s.value::double precision, dl.segment
  FROM daily dl
  JOIN cal c ON dl.k = c.t - c.f + 1
 CROSS JOIN LATERAL (VALUES ('PUBLIC', dl.v_public), ('PRIVATE', dl.v_private),
                            ('total', dl.v_public + dl.v_private)) AS s(key, value)
