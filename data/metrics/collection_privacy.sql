-- collection_privacy (source: table collections)
-- Collections alive at the end of the day, by privacy: created_at before the
-- day's end and (deleted_at null or at/after the day's end). Week/month
-- buckets: the value of the bucket's last in-range day.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH
-- @include calendar.sql
span AS (  -- alive at the end of day j  <=>  ks <= j < ke  (j = 1 is day f)
    SELECT co.privacy,
           greatest(width_bucket(co.created_at, c.starts), 1) AS ks,
           CASE WHEN co.deleted_at IS NOT NULL
                THEN width_bucket(co.deleted_at, c.starts) END AS ke
      FROM cal c
      JOIN collections co
        ON co.created_at < (($2::date + 1)::timestamp AT TIME ZONE $3::text)
       AND (co.deleted_at IS NULL OR co.deleted_at >= (($1::date + 1)::timestamp AT TIME ZONE $3::text))
),
delta AS (
    SELECT v.k,
           sum(v.x) FILTER (WHERE s.privacy = 'PUBLIC')  AS x_public,
           sum(v.x) FILTER (WHERE s.privacy = 'PRIVATE') AS x_private
      FROM span s
     CROSS JOIN LATERAL (VALUES (s.ks, 1), (s.ke, -1)) AS v(k, x)
     WHERE (s.ke IS NULL OR s.ke > s.ks)
       AND v.k IS NOT NULL
     GROUP BY v.k
),
daily AS (
    SELECT g.k,
           sum(coalesce(d.x_public, 0))  OVER w AS v_public,
           sum(coalesce(d.x_private, 0)) OVER w AS v_private
      FROM cal c
     CROSS JOIN generate_series(1, c.t - c.f + 1) AS g(k)
      LEFT JOIN delta d ON d.k = g.k
    WINDOW w AS (ORDER BY g.k)
),
agg AS (  -- point-in-time value: the bucket's last in-range day
    SELECT DISTINCT ON (1) c.bkt[dl.k] AS bucket, dl.v_public, dl.v_private
      FROM daily dl, cal c
     ORDER BY 1, dl.k DESC
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value
  FROM buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket
 CROSS JOIN LATERAL (VALUES (1, 'PUBLIC', coalesce(a.v_public, 0)),
                            (2, 'PRIVATE', coalesce(a.v_private, 0))) AS s(ord, key, value)
 ORDER BY s.ord, b.bucket
