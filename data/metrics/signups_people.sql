-- signups, people: the persons with created_at in the bucket (soft-deleted
-- included), of the segment. No activity detail.
WITH
-- @include people_args.sql
counted AS (
    SELECT p.id AS person_id
      FROM arg a
      JOIN persons p ON p.created_at >= a.b_start AND p.created_at < a.b_end
     WHERE a.segment = 'all' OR p.role = a.segment
)
SELECT c.person_id, NULL::integer AS active_days, NULL::date AS last_active
  FROM counted c
