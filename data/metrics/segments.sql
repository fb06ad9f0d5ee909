-- segments.sql: the segments every metric reports, in output order. A query
-- takes it after the calendar with the line
--   -- @include segments.sql
-- and counts each of its rows once for 'all' and once for the role that
-- decides its segment:
--   CROSS JOIN LATERAL (VALUES ('all'), (role)) AS sg(segment) WHERE sg.segment IS NOT NULL
-- so a row whose person is unknown (role NULL) counts only in 'all'.
-- Queries over many rows count per role first and then add up the roles'
-- counts for 'all' (or group per role and for everybody in one pass where
-- a figure does not add up: distinct counts, medians), which is the same.
segments AS (
    SELECT * FROM (VALUES (1, 'all'), (2, 'BUILDER'), (3, 'FINDER')) AS s(ord, segment)
),
