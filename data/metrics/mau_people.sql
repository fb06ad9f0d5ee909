-- mau, people: the persons active in the 30 days up to the bucket's last
-- day inside the range, the day whose value the bucket shows (mau.sql).
WITH
-- @include people_args.sql
win AS (SELECT a.b1 - 29 AS w0, a.b1 AS w1 FROM arg a),
-- @include active_window_people.sql
SELECT c.person_id, c.active_days, c.last_active FROM counted c
