-- people_args.sql: the arguments every `people` query shares (the persons
-- counted in one number of a metric). A people query takes it right after
-- its WITH, with the line
--   -- @include people_args.sql
-- Parameters: $1 from, $2 to (dates, inclusive), $3 IANA time zone,
--             $4 granularity 'day' | 'week' | 'month', $5 the bucket's label
--             (its first day inside the range; a cohort's start), $6 segment
--             'all' | 'BUILDER' | 'FINDER', $7 series (a series, step or
--             retention cell kind 'on' | 'on_or_after'; a histogram's k),
--             $8 period N of a retention cell (else -1), $9 dropped (funnel:
--             the persons of the step who missed the next one).
-- arg: one row: those, and
--   b0, b1:         the bucket's first and last day inside the range;
--   b_start, b_end: the instants its first day starts and its last day ends;
--   f_start, e:     the same for the whole range;
--   period:         the first day of the bucket's whole calendar period;
--   prev_start:     the instant the calendar period before it starts.
-- Columns of a people query: person_id bigint, active_days integer (NULL
-- where the measure has none), last_active date (likewise).
arg AS MATERIALIZED (
    SELECT a0.*,
           (a0.b0::timestamp AT TIME ZONE a0.tz) AS b_start,
           ((a0.b1 + 1)::timestamp AT TIME ZONE a0.tz) AS b_end,
           (a0.f::timestamp AT TIME ZONE a0.tz) AS f_start,
           ((a0.t + 1)::timestamp AT TIME ZONE a0.tz) AS e,
           (CASE a0.g
                WHEN 'day'  THEN a0.period - 1
                WHEN 'week' THEN a0.period - 7
                ELSE (a0.period - interval '1 month')::date
            END::timestamp AT TIME ZONE a0.tz) AS prev_start
      FROM (SELECT p.*,
                   least(p.t, CASE p.g
                                  WHEN 'day'  THEN p.b0
                                  WHEN 'week' THEN p.period + 6
                                  ELSE (p.period + interval '1 month')::date - 1
                              END) AS b1
              FROM (SELECT $1::date AS f, $2::date AS t, $3::text AS tz, $4::text AS g,
                           $5::date AS b0, $6::text AS segment, $7::text AS series,
                           $8::integer AS n, $9::boolean AS dropped,
                           date_trunc(CASE $4::text WHEN 'week' THEN 'week' WHEN 'month' THEN 'month'
                                                    ELSE 'day' END, $5::date::timestamp)::date AS period) AS p
           ) AS a0
),
