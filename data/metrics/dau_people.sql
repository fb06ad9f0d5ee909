-- dau, people: the persons active on a day of the bucket (its days inside
-- the range), as dau.sql counts them per bucket.
WITH
-- @include people_args.sql
win AS (SELECT a.b0 AS w0, a.b1 AS w1 FROM arg a),
-- @include active_window_people.sql
SELECT c.person_id, c.active_days, c.last_active FROM counted c
