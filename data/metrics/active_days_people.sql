-- active_days, people: the persons active on exactly k days of the range
-- (k: the series argument, a histogram bar's label), as active_days.sql
-- counts them; range-level, the bucket is ignored.
WITH
-- @include people_args.sql
win AS (SELECT a.f AS w0, a.t AS w1 FROM arg a),
-- @include active_window_people.sql
SELECT c.person_id, c.active_days, c.last_active
  FROM counted c, arg a
 WHERE c.active_days::text = a.series
