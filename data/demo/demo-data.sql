-- Pulse demo data generator.
--
-- Creates schema pulse_demo with:
--   pulse_demo.generate(n_persons integer, end_day date, days integer DEFAULT 400,
--                       recent_days integer DEFAULT NULL) RETURNS void
--   pulse_demo.last_data_day() RETURNS date
-- plus two small IMMUTABLE helpers (pulse_demo.r, pulse_demo.tod).
--
-- Plain SQL, no psql meta-commands: send the whole file with one PQexec.
-- Needs only core PostgreSQL (>= 12; written for 15), no extensions.
-- Requires data/schema/baseline.sql to have been applied first; fills the
-- tracking tables (public.sessions, public.collection_shares,
-- public.collection_items) too when they exist.
--
-- Determinism: no random()/now(); every "random" draw is a hash of row keys
-- (hashint8extended), so the same arguments give identical rows.
-- See docs/demo-data.md for the shape of the data.

CREATE SCHEMA IF NOT EXISTS pulse_demo;

-- Uniform pseudo-random number in [0, 1) from a 64-bit key and a salt.
-- A plain SQL expression so the planner inlines it.
CREATE OR REPLACE FUNCTION pulse_demo.r(k bigint, salt integer)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (pg_catalog.hashint8extended(k, salt::bigint) & 9007199254740991)::double precision
             / 9007199254740992.0::double precision $$;

-- Monotonic map of [0,1] onto [0,1] (fixed ends) used for the time of day:
-- uniform u in, times out that are densest around 15:00 UTC and sparsest
-- around 03:00 UTC (peak/trough density ratio (1+a)/(1-a)).
CREATE OR REPLACE FUNCTION pulse_demo.tod(u double precision, a double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT u + a * (sin(2.0 * pi() * (u - 0.08)) + sin(2.0 * pi() * 0.08)) / (2.0 * pi()) $$;

-- Last UTC day that has activity (NULL when there is no data).
CREATE OR REPLACE FUNCTION pulse_demo.last_data_day()
RETURNS date
LANGUAGE sql STABLE
AS $$ SELECT (max(occurred_at) AT TIME ZONE 'UTC')::date FROM public.activity_events $$;

-- The three-argument version of older files would make calls ambiguous.
DROP FUNCTION IF EXISTS pulse_demo.generate(integer, date, integer);

-- recent_days: only that many last days get sessions and what comes of
-- them (a quick first fill; the same rows as a full run on those days,
-- but for ids). Persons, profiles and their funnel are always complete.
CREATE OR REPLACE FUNCTION pulse_demo.generate(n_persons integer, end_day date, days integer DEFAULT 400,
                                               recent_days integer DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET work_mem = '128MB'
SET maintenance_work_mem = '512MB'
SET jit = off
SET client_min_messages = warning
AS $fn$
DECLARE
    v_start   date;
    v_last    integer;           -- index of end_day (days - 1)
    v_t0      double precision;  -- epoch seconds of v_start 00:00 UTC
    v_tend    double precision;  -- epoch seconds of end_day 23:59:59 UTC
    v_dow0    integer;           -- day of week of v_start (0 = Sunday)
    v_first   integer;           -- index of the first day with sessions
    v_rels    regclass[];
    v_pv_max  bigint;
    v_prv_max bigint;
    v_has_sessions boolean;
    v_has_shares   boolean;
    v_has_items    boolean;
    v_ddl     record;
BEGIN
    IF n_persons IS NULL OR n_persons < 1 OR n_persons > 100000000 THEN
        RAISE EXCEPTION 'pulse_demo.generate: n_persons must be between 1 and 100000000';
    END IF;
    IF days IS NULL OR days < 1 OR days > 20000 THEN
        RAISE EXCEPTION 'pulse_demo.generate: days must be between 1 and 20000';
    END IF;
    IF end_day IS NULL THEN
        RAISE EXCEPTION 'pulse_demo.generate: end_day must not be NULL';
    END IF;

    v_start := end_day - (days - 1);
    v_last  := days - 1;
    v_t0    := extract(epoch FROM (v_start::timestamp AT TIME ZONE 'UTC'));
    v_tend  := v_t0 + days * 86400.0 - 1.0;
    v_dow0  := extract(dow FROM v_start)::integer;
    v_first := greatest(0, days - coalesce(recent_days, days));

    v_has_sessions := to_regclass('public.sessions') IS NOT NULL;
    v_has_shares   := to_regclass('public.collection_shares') IS NOT NULL;
    v_has_items    := to_regclass('public.collection_items') IS NOT NULL;

    ------------------------------------------------------------------
    -- 0. Empty the tables, set secondary indexes and foreign keys aside
    --    (bulk load, then rebuild: pg_restore's order; ~5x faster).
    ------------------------------------------------------------------
    v_rels := ARRAY['public.persons', 'public.profiles', 'public.profile_updates',
                    'public.posts', 'public.post_views', 'public.post_reactions',
                    'public.post_comments', 'public.profile_views',
                    'public.finder_searches', 'public.finder_votes',
                    'public.collections', 'public.activity_events']::regclass[];
    IF v_has_sessions THEN v_rels := v_rels || 'public.sessions'::regclass; END IF;
    IF v_has_shares   THEN v_rels := v_rels || 'public.collection_shares'::regclass; END IF;
    IF v_has_items    THEN v_rels := v_rels || 'public.collection_items'::regclass; END IF;

    TRUNCATE public.persons, public.profiles, public.profile_updates, public.posts,
             public.post_views, public.post_reactions, public.post_comments,
             public.profile_views, public.finder_searches, public.finder_votes,
             public.collections, public.activity_events
             RESTART IDENTITY CASCADE;
    IF v_has_sessions THEN EXECUTE 'TRUNCATE public.sessions RESTART IDENTITY CASCADE'; END IF;
    IF v_has_shares   THEN EXECUTE 'TRUNCATE public.collection_shares RESTART IDENTITY CASCADE'; END IF;
    IF v_has_items    THEN EXECUTE 'TRUNCATE public.collection_items RESTART IDENTITY CASCADE'; END IF;

    DROP TABLE IF EXISTS pg_temp.pulse_demo_ddl, pg_temp.pulse_demo_d, 
        pg_temp.pulse_demo_p, pg_temp.pulse_demo_pr, pg_temp.pulse_demo_s0, pg_temp.pulse_demo_last,
        pg_temp.pulse_demo_s, pg_temp.pulse_demo_day;

    -- Definitions (from the catalog, not from any argument) of what is set
    -- aside during the load and rebuilt afterwards:
    --   phase 1: foreign keys of the tables being filled;
    --   phase 2: their primary keys, when nothing else depends on them
    --            (e.g. a foreign key from a table not filled here, or a
    --            view relying on the key for GROUP BY);
    --   phase 0: their plain (non-unique, non-constraint) indexes.
    -- Unique constraints (persons.email, profiles.person_id) stay.
    CREATE TEMP TABLE pulse_demo_ddl ON COMMIT DROP AS
    SELECT 1 AS phase, c.conrelid::regclass::text AS rel, c.conname::text AS name,
           pg_get_constraintdef(c.oid) AS def
      FROM pg_constraint c
     WHERE c.contype = 'f' AND c.conrelid = ANY (v_rels)
    UNION ALL
    SELECT 2, c.conrelid::regclass::text, c.conname::text, pg_get_constraintdef(c.oid)
      FROM pg_constraint c
     WHERE c.contype = 'p' AND c.conrelid = ANY (v_rels)
       AND NOT EXISTS (SELECT 1 FROM pg_depend dp
                        WHERE dp.refclassid = 'pg_constraint'::regclass AND dp.refobjid = c.oid
                          AND NOT (dp.classid = 'pg_class'::regclass AND dp.objid = c.conindid))
       AND NOT EXISTS (SELECT 1 FROM pg_depend dp
                        WHERE dp.refclassid = 'pg_class'::regclass AND dp.refobjid = c.conindid
                          AND NOT (dp.classid = 'pg_constraint'::regclass
                                   AND dp.objid IN (SELECT f.oid FROM pg_constraint f
                                                     WHERE f.contype = 'f' AND f.conrelid = ANY (v_rels))))
    UNION ALL
    SELECT 0, i.indrelid::regclass::text, i.indexrelid::regclass::text,
           pg_get_indexdef(i.indexrelid)
      FROM pg_index i
     WHERE i.indrelid = ANY (v_rels)
       AND NOT i.indisprimary AND NOT i.indisunique
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
       AND NOT EXISTS (SELECT 1 FROM pg_depend dp
                        WHERE dp.refclassid = 'pg_class'::regclass
                          AND dp.refobjid = i.indexrelid AND dp.deptype = 'n');

    FOR v_ddl IN SELECT * FROM pg_temp.pulse_demo_ddl WHERE phase = 1 ORDER BY rel, name LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', v_ddl.rel, v_ddl.name);
    END LOOP;
    FOR v_ddl IN SELECT * FROM pg_temp.pulse_demo_ddl WHERE phase = 2 ORDER BY rel, name LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', v_ddl.rel, v_ddl.name);
    END LOOP;
    FOR v_ddl IN SELECT * FROM pg_temp.pulse_demo_ddl WHERE phase = 0 ORDER BY rel, name LOOP
        EXECUTE format('DROP INDEX %s', v_ddl.name);
    END LOOP;

    ------------------------------------------------------------------
    -- 1. Days: signup weight (growth ramp x weekly seasonality x noise)
    --    and the range of person ids that sign up on each day.
    ------------------------------------------------------------------
    CREATE TEMP TABLE pulse_demo_d ON COMMIT DROP AS
    WITH w AS (
        SELECT d,
               (0.5 + d::float8 / greatest(days - 1, 1))
                 * exp(1.5 * d::float8 / greatest(days - 1, 1))
                 * CASE WHEN (v_dow0 + d) % 7 IN (0, 6) THEN 0.62 ELSE 1.0 END
                 * (0.85 + 0.3 * pulse_demo.r(d, 101)) AS w
          FROM generate_series(0, days - 1) d
    ), c AS (
        SELECT d, sum(w) OVER (ORDER BY d) / sum(w) OVER () AS cum FROM w
    ), h AS (
        SELECT d, CASE WHEN d = days - 1 THEN n_persons::bigint
                       ELSE least(floor(cum * n_persons)::bigint, n_persons - 1) END AS hi
          FROM c
    )
    SELECT d, coalesce(lag(hi) OVER (ORDER BY d), 0) + 1 AS lo, hi,
           v_t0 + d * 86400.0 AS t
      FROM h;

    ------------------------------------------------------------------
    -- 2. Persons and their hidden traits (funnel, lifetime, intensity).
    ------------------------------------------------------------------
    CREATE TEMP TABLE pulse_demo_p ON COMMIT DROP AS
    WITH b AS (
        SELECT i AS id, dd.d, dd.t,
               dd.t + 86399.0 * pulse_demo.tod((i - dd.lo + pulse_demo.r(i, 1)) / (dd.hi - dd.lo + 1)::float8, 0.6) AS created,
               pulse_demo.r(i, 2) < 0.6 AS builder
          FROM pg_temp.pulse_demo_d dd, generate_series(dd.lo, dd.hi) i
         WHERE dd.lo <= dd.hi
    ), v AS (
        SELECT b.*,
               CASE WHEN pulse_demo.r(id, 10) < 0.8 THEN
                   created + CASE WHEN pulse_demo.r(id, 11) < 0.55 THEN 30 + 600 * pulse_demo.r(id, 12)
                                  WHEN pulse_demo.r(id, 11) < 0.85 THEN 86400 * pulse_demo.r(id, 12)
                                  ELSE 7 * 86400 * pulse_demo.r(id, 12) END
               END AS verified0
          FROM b
    ), v2 AS (
        SELECT v.*, CASE WHEN verified0 <= v_tend THEN verified0 END AS verified FROM v OFFSET 0
    ), o AS (
        SELECT v2.*,
               CASE WHEN verified IS NOT NULL AND pulse_demo.r(id, 13) < 0.62 THEN
                   verified + CASE WHEN pulse_demo.r(id, 14) < 0.7 THEN 60 + 3600 * pulse_demo.r(id, 15)
                                   ELSE 5 * 86400 * pulse_demo.r(id, 15) END
               END AS onboarded0
          FROM v2
    ), o2 AS (
        SELECT o.*, CASE WHEN onboarded0 <= v_tend THEN onboarded0 END AS onboarded FROM o OFFSET 0
    ), pr AS (
        SELECT o2.*,
               CASE WHEN builder AND onboarded IS NOT NULL THEN onboarded
                    WHEN builder AND verified IS NOT NULL AND pulse_demo.r(id, 16) < 0.3
                         THEN verified + 3600 * pulse_demo.r(id, 17)
                    WHEN NOT builder AND onboarded IS NOT NULL AND pulse_demo.r(id, 16) < 0.25
                         THEN onboarded + 3 * 86400 * pulse_demo.r(id, 17)
               END AS prof0
          FROM o2
    ), pr2 AS (
        SELECT pr.*, CASE WHEN prof0 <= v_tend THEN prof0 END AS prof FROM pr OFFSET 0
    ), cp AS (
        SELECT pr2.*,
               CASE WHEN prof IS NOT NULL AND onboarded IS NOT NULL
                         AND pulse_demo.r(id, 18) < CASE WHEN builder THEN 0.7 ELSE 0.5 END
                    THEN prof + CASE WHEN pulse_demo.r(id, 19) < 0.5 THEN 3600 * pulse_demo.r(id, 20)
                                     ELSE 14 * 86400 * pulse_demo.r(id, 20) END
               END AS completed0,
               -- lifetime in days after the signup day
               CASE WHEN verified IS NULL THEN 0
                    WHEN onboarded IS NULL THEN floor(4 * pulse_demo.r(id, 21))
                    WHEN pulse_demo.r(id, 22) < 0.28 THEN floor(7 * pulse_demo.r(id, 21))
                    WHEN pulse_demo.r(id, 22) < 0.78 THEN floor(-100 * ln(1 - pulse_demo.r(id, 21)))
                    ELSE 100000 END::integer AS life,
               (verified IS NOT NULL OR pulse_demo.r(id, 23) < 0.5 OR id = n_persons) AS act0
          FROM pr2
    ), cp2 AS (
        SELECT cp.*, CASE WHEN completed0 <= v_tend THEN completed0 END AS completed FROM cp OFFSET 0
    ), del AS (
        SELECT cp2.*,
               CASE WHEN pulse_demo.r(id, 24) < 0.07 THEN
                   greatest(v_t0 + (d + least(life, days) + 1 + floor(30 * pulse_demo.r(id, 25))) * 86400.0
                                 + 86399 * pulse_demo.r(id, 26),
                            coalesce(completed, prof, onboarded, verified, created) + 3600)
               END AS deleted0
          FROM cp2 OFFSET 0
    )
    SELECT id, d, created, builder, verified, onboarded, prof, completed,
           CASE WHEN deleted0 <= v_tend THEN deleted0 END AS deleted,
           least(d + life, days - 1) AS dlast,
           act0,
           0.15 + 0.6 * power(pulse_demo.r(id, 27), 1.5) AS q,
           CASE WHEN onboarded IS NOT NULL THEN 2.5 + 4.5 * power(pulse_demo.r(id, 28), 2)
                WHEN verified IS NOT NULL THEN 1.5 ELSE 0.8 END AS m,
           CASE WHEN pulse_demo.r(id, 29) < 0.55 THEN 1 WHEN pulse_demo.r(id, 29) < 0.9 THEN 2 ELSE 3 END AS dev
      FROM del;

    -- profile ids in creation order
    CREATE TEMP TABLE pulse_demo_pr ON COMMIT DROP AS
    SELECT id, prof, row_number() OVER (ORDER BY prof, id) AS prof_id
      FROM pg_temp.pulse_demo_p WHERE prof IS NOT NULL;

    ------------------------------------------------------------------
    -- 3. Sessions: active days after signup (decaying retention, weekly
    --    seasonality), 1-3 sessions per active day, each in its own slot
    --    of the day and starting >= 1900 s into it, so sessions are always
    --    more than 30 min apart (also across midnight) while the events
    --    inside one are less than 30 min apart.  Events per session are
    --    split into blocks of kinds.
    --    cat: 1 = onboarded builder, 2 = onboarded finder, 3 = not onboarded.
    ------------------------------------------------------------------
    CREATE TEMP TABLE pulse_demo_s ON COMMIT DROP AS
    WITH cand AS (
        -- every day of each person's lifetime (SRF in the select list
        -- streams; in FROM it would be materialised per person)
        SELECT p.id AS pid, p.d AS d0, p.created, p.onboarded, p.builder, p.prof, p.m, p.dev,
               p.act0, p.q, generate_series(greatest(p.d, v_first), p.dlast) AS d
          FROM pg_temp.pulse_demo_p p
    ), ad AS (
        SELECT cand.*,
               CASE WHEN d = d0 THEN 1
                    ELSE 1 + (pulse_demo.r(pid * 100000 + d, 32) < 0.25)::int
                           + (pulse_demo.r(pid * 100000 + d, 33) < 0.07)::int END AS k
          FROM cand
         WHERE CASE WHEN d = d0 THEN act0
                    ELSE pulse_demo.r(pid * 100000 + d, 30)
                         < q * (0.7 + 1.3 * exp((d0 - d) / 7::float8))
                             * CASE WHEN (v_dow0 + d) % 7 IN (0, 6) THEN 0.55::float8 ELSE 1.0::float8 END
                             * (0.85 + 0.3 * pulse_demo.r(d, 31)) END
    ), se0 AS (
        SELECT ad.*, generate_series(0, ad.k - 1) AS s FROM ad
    ), se AS (
        SELECT se0.*, (pid * 100000 + d) * 4 + s AS sk,
               (d = d0) AS signup,
               v_t0 + d * 86400::float8 AS t
          FROM se0
    ), sn AS (
        SELECT se.*,
               least(20, 1 + floor(-ln(1 - pulse_demo.r(sk, 40)) * m))::integer AS n,
               45 + 500 * pulse_demo.r(sk, 41) AS g0,
               -- slot s of k, mapped through the daily curve (fractions of a day)
               pulse_demo.tod(s::float8 / k, 0.6) AS fa,
               pulse_demo.tod((s + 1)::float8 / k, 0.6) AS fb
          FROM se OFFSET 0
    ), st AS (
        SELECT sn.*,
               CASE WHEN signup THEN created + least(30 * pulse_demo.r(sk, 42), (t + 86399 - created) / 2)
               END AS st_signup
          FROM sn
    ), st2 AS (
        SELECT st.*,
               CASE WHEN signup THEN least(g0, (t + 86399 - st_signup) / (n + 1))
                    ELSE least(g0, (86399 * (fb - fa) - 1900) / (n + 1)) END AS g
          FROM st
    ), st3 AS (
        SELECT st2.*,
               CASE WHEN signup THEN st_signup
                    -- where the curve puts this session inside its slot,
                    -- squeezed into [slot start + 1900 s, slot end - duration]
                    ELSE t + 86399 * fa + 1900
                           + (pulse_demo.tod((s + pulse_demo.r(sk, 43)) / k, 0.6) - fa) / (fb - fa)
                             * (86399 * (fb - fa) - 1900 - g * n) END AS st
          FROM st2 OFFSET 0
    ), ct AS (
        SELECT st3.*,
               CASE WHEN onboarded IS NULL OR onboarded >= st THEN 3
                    WHEN builder THEN 1 ELSE 2 END AS cat,
               (prof IS NOT NULL AND prof < st) AS can_pu,
               n - 1 AS mm
          FROM st3
    ), pk AS (
        -- expected share of each kind among the non-login events, by cat
        SELECT ct.*,
               (ARRAY[0.07, 0.0, 0.0]::float8[])[cat]  AS p_post,
               CASE WHEN can_pu THEN (ARRAY[0.08, 0.03, 0.0]::float8[])[cat] ELSE 0.0 END AS p_pu,
               (ARRAY[0.0, 0.02, 0.0]::float8[])[cat]  AS p_coll,
               (ARRAY[0.0, 0.13, 0.0]::float8[])[cat]  AS p_vote,
               (ARRAY[0.06, 0.02, 0.0]::float8[])[cat] AS p_comment,
               (ARRAY[0.02, 0.25, 0.0]::float8[])[cat] AS p_search,
               (ARRAY[0.15, 0.05, 0.0]::float8[])[cat] AS p_react,
               (ARRAY[0.10, 0.24, 0.25]::float8[])[cat] AS p_pv
          FROM ct
    ), raw AS (
        -- stochastic rounding: E[count] = mm * p
        SELECT pk.*,
               floor(mm * p_post    + pulse_demo.r(sk, 61))::integer AS r1,
               floor(mm * p_pu      + pulse_demo.r(sk, 62))::integer AS r2,
               floor(mm * p_coll    + pulse_demo.r(sk, 63))::integer AS r3,
               floor(mm * p_vote    + pulse_demo.r(sk, 64))::integer AS r4,
               floor(mm * p_comment + pulse_demo.r(sk, 65))::integer AS r5,
               floor(mm * p_search  + pulse_demo.r(sk, 66))::integer AS r6,
               floor(mm * p_react   + pulse_demo.r(sk, 67))::integer AS r7,
               floor(mm * p_pv      + pulse_demo.r(sk, 68))::integer AS r8
          FROM pk OFFSET 0
    ), cum AS (
        -- capped running totals: kinds earlier in the list win when the
        -- session is too short for all of them; the rest are plain views
        SELECT raw.*,
               least(r1, mm) AS q1,
               least(r1 + r2, mm) AS q2,
               least(r1 + r2 + r3, mm) AS q3,
               least(r1 + r2 + r3 + r4, mm) AS q4,
               least(r1 + r2 + r3 + r4 + r5, mm) AS q5,
               least(r1 + r2 + r3 + r4 + r5 + r6, mm) AS q6,
               least(r1 + r2 + r3 + r4 + r5 + r6 + r7, mm) AS q7,
               least(r1 + r2 + r3 + r4 + r5 + r6 + r7 + r8, mm) AS q8
          FROM raw OFFSET 0
    )
    SELECT sk, pid, d, signup, st, g, n, cat, can_pu, dev,
           c_search, c_pv, c_vote, c_coll, c_view, c_react, c_comment, c_post, c_pu,
           1 + c_search AS j_pv,
           1 + c_search + c_pv AS j_vote,
           1 + c_search + c_pv + c_vote AS j_coll,
           1 + c_search + c_pv + c_vote + c_coll AS j_view,
           1 + c_search + c_pv + c_vote + c_coll + c_view AS j_react,
           1 + c_search + c_pv + c_vote + c_coll + c_view + c_react AS j_comment,
           1 + c_search + c_pv + c_vote + c_coll + c_view + c_react + c_comment AS j_post,
           1 + c_search + c_pv + c_vote + c_coll + c_view + c_react + c_comment + c_post AS j_pu
      FROM (SELECT cum.*,
                   q6 - q5 AS c_search, q8 - q7 AS c_pv, q4 - q3 AS c_vote, q3 - q2 AS c_coll,
                   mm - q8 AS c_view,
                   q7 - q6 AS c_react, q5 - q4 AS c_comment, q1 AS c_post, q2 - q1 AS c_pu
              FROM cum) f;

    -- Make sure the last day shows every kind of action even for tiny
    -- n_persons: if a kind is missing there, turn one view into it.
    CREATE TEMP TABLE pulse_demo_last ON COMMIT DROP AS
    SELECT sk, cat, can_pu, c_search, c_pv, c_vote, c_coll, c_view, c_react, c_comment, c_post, c_pu,
           false AS changed
      FROM pg_temp.pulse_demo_s WHERE d = v_last;

    UPDATE pg_temp.pulse_demo_last SET c_post = c_post + 1, c_view = c_view - 1, changed = true
     WHERE sk = (SELECT sk FROM pg_temp.pulse_demo_last WHERE cat = 1 AND c_view > 1 ORDER BY c_view DESC, sk LIMIT 1)
       AND NOT EXISTS (SELECT 1 FROM pg_temp.pulse_demo_last WHERE c_post > 0);
    UPDATE pg_temp.pulse_demo_last SET c_pu = c_pu + 1, c_view = c_view - 1, changed = true
     WHERE sk = (SELECT sk FROM pg_temp.pulse_demo_last WHERE can_pu AND cat < 3 AND c_view > 1 ORDER BY c_view DESC, sk LIMIT 1)
       AND NOT EXISTS (SELECT 1 FROM pg_temp.pulse_demo_last WHERE c_pu > 0);
    UPDATE pg_temp.pulse_demo_last SET c_search = c_search + 1, c_view = c_view - 1, changed = true
     WHERE sk = (SELECT sk FROM pg_temp.pulse_demo_last WHERE cat = 2 AND c_view > 1 ORDER BY c_view DESC, sk LIMIT 1)
       AND NOT EXISTS (SELECT 1 FROM pg_temp.pulse_demo_last WHERE c_search > 0);
    UPDATE pg_temp.pulse_demo_last SET c_vote = c_vote + 1, c_view = c_view - 1, changed = true
     WHERE sk = (SELECT sk FROM pg_temp.pulse_demo_last WHERE cat = 2 AND c_view > 1 ORDER BY c_view DESC, sk LIMIT 1)
       AND NOT EXISTS (SELECT 1 FROM pg_temp.pulse_demo_last WHERE c_vote > 0);
    UPDATE pg_temp.pulse_demo_last SET c_coll = c_coll + 1, c_view = c_view - 1, changed = true
     WHERE sk = (SELECT sk FROM pg_temp.pulse_demo_last WHERE cat = 2 AND c_view > 1 ORDER BY c_view DESC, sk LIMIT 1)
       AND NOT EXISTS (SELECT 1 FROM pg_temp.pulse_demo_last WHERE c_coll > 0);
    UPDATE pg_temp.pulse_demo_last SET c_pv = c_pv + 1, c_view = c_view - 1, changed = true
     WHERE sk = (SELECT sk FROM pg_temp.pulse_demo_last WHERE c_view > 1 ORDER BY c_view DESC, sk LIMIT 1)
       AND NOT EXISTS (SELECT 1 FROM pg_temp.pulse_demo_last WHERE c_pv > 0);
    UPDATE pg_temp.pulse_demo_last SET c_react = c_react + 1, c_view = c_view - 1, changed = true
     WHERE sk = (SELECT sk FROM pg_temp.pulse_demo_last WHERE cat < 3 AND c_view > 1 ORDER BY c_view DESC, sk LIMIT 1)
       AND NOT EXISTS (SELECT 1 FROM pg_temp.pulse_demo_last WHERE c_react > 0);
    UPDATE pg_temp.pulse_demo_last SET c_comment = c_comment + 1, c_view = c_view - 1, changed = true
     WHERE sk = (SELECT sk FROM pg_temp.pulse_demo_last WHERE cat < 3 AND c_view > 1 ORDER BY c_view DESC, sk LIMIT 1)
       AND NOT EXISTS (SELECT 1 FROM pg_temp.pulse_demo_last WHERE c_comment > 0);

    IF EXISTS (SELECT 1 FROM pg_temp.pulse_demo_last WHERE changed) THEN
        UPDATE pg_temp.pulse_demo_s s
           SET c_search = l.c_search, c_pv = l.c_pv, c_vote = l.c_vote, c_coll = l.c_coll,
               c_view = l.c_view, c_react = l.c_react, c_comment = l.c_comment,
               c_post = l.c_post, c_pu = l.c_pu,
               (j_pv, j_vote, j_coll, j_view, j_react, j_comment, j_post, j_pu) =
               (
                1 + l.c_search,
                1 + l.c_search + l.c_pv,
                1 + l.c_search + l.c_pv + l.c_vote,
                1 + l.c_search + l.c_pv + l.c_vote + l.c_coll,
                1 + l.c_search + l.c_pv + l.c_vote + l.c_coll + l.c_view,
                1 + l.c_search + l.c_pv + l.c_vote + l.c_coll + l.c_view + l.c_react,
                1 + l.c_search + l.c_pv + l.c_vote + l.c_coll + l.c_view + l.c_react + l.c_comment,
                1 + l.c_search + l.c_pv + l.c_vote + l.c_coll + l.c_view + l.c_react + l.c_comment + l.c_post)
          FROM pg_temp.pulse_demo_last l
         WHERE l.changed AND s.sk = l.sk;
    END IF;

    -- Ids: a table's ids are running sums of the per-session counts, in
    -- the order the sessions were generated (person by person, day by
    -- day): deterministic, and no sort of millions of sessions.  Each
    -- insert below computes its running sum with a window over a plain
    -- scan of pulse_demo_s (never over a join, whose output order could
    -- vary).  Posts and collections get time-ordered ids instead.

    -- Per day: persons, posts and profiles that exist before the day starts
    -- (ids are in creation order, so "any id <= x" is an earlier row).
    CREATE TEMP TABLE pulse_demo_day ON COMMIT DROP AS
    WITH ps AS (
        SELECT d, sum(c_post) AS np FROM pg_temp.pulse_demo_s GROUP BY d
    ), pf AS (
        SELECT floor((prof - v_t0) / 86400)::integer AS d, count(*) AS nf
          FROM pg_temp.pulse_demo_pr GROUP BY 1
    )
    SELECT dd.d, dd.t, dd.lo - 1 AS persons_before,
           (coalesce(sum(ps.np) OVER w, 0) - coalesce(ps.np, 0))::bigint AS posts_before,
           (coalesce(sum(pf.nf) OVER w, 0) - coalesce(pf.nf, 0))::bigint AS profiles_before
      FROM pg_temp.pulse_demo_d dd
      LEFT JOIN ps ON ps.d = dd.d
      LEFT JOIN pf ON pf.d = dd.d
    WINDOW w AS (ORDER BY dd.d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);

    ------------------------------------------------------------------
    -- 4. Platform tables.
    ------------------------------------------------------------------
    INSERT INTO public.persons (id, email, role, created_at, email_verified_at, onboarded_at, deleted_at)
    SELECT id,
           lower((ARRAY['ada','alan','grace','linus','margaret','dennis','barbara','ken','frances','edsger',
                        'radia','bjarne','hedy','guido','sophie','tim','katherine','james','anita','yukihiro',
                        'joan','niklaus','mary','donald','lynn','john','adele','rob','karen','leslie',
                        'shafi','vint','elena','ivan','fatima','kwame','mei','omar','priya','lucas'])
                     [1 + floor(40 * pulse_demo.r(id, 200))::int])
             || '.' || id || '@'
             || (ARRAY['example.com','example.org','example.net','mail.example','demo.test'])
                     [1 + floor(5 * pulse_demo.r(id, 201))::int],
           CASE WHEN builder THEN 'BUILDER' ELSE 'FINDER' END,
           to_timestamp(created), to_timestamp(verified), to_timestamp(onboarded), to_timestamp(deleted)
      FROM pg_temp.pulse_demo_p;

    -- profile_updates first: profiles.updated_at is derived from them.
    INSERT INTO public.profile_updates (id, profile_id, updated_at, fields)
    SELECT x.b + (x.j - x.ja) + 1, pr.prof_id,
           to_timestamp(x.st + x.g * (x.j + 0.8 * pulse_demo.r(x.sk * 32 + x.j, 500))),
           ((ARRAY['{headline}','{bio}','{skills}','{headline,skills}','{avatar}','{location}',
                   '{experience}','{links}','{bio,skills}','{headline,bio,skills}'])
               [1 + floor(10 * pulse_demo.r(x.sk * 32 + x.j, 501))::int])::text[]
      FROM (SELECT w.*, generate_series(w.ja, w.jb - 1) AS j
              FROM (SELECT s.sk, s.pid, s.d, s.st, s.g, s.j_pu AS ja, s.n AS jb,
                           sum(s.c_pu) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - s.c_pu AS b
                      FROM pg_temp.pulse_demo_s s WHERE s.c_pu > 0) w) x
      JOIN pg_temp.pulse_demo_pr pr ON pr.id = x.pid;

    INSERT INTO public.profiles (id, person_id, headline, created_at, completed_at, updated_at)
    SELECT pr.prof_id, p.id,
           CASE WHEN p.builder THEN
                    CASE WHEN p.completed IS NOT NULL OR pulse_demo.r(p.id, 210) < 0.6 THEN
                        ltrim((ARRAY['Senior ','Staff ','Junior ','Lead ','Principal ','','',''])
                                  [1 + floor(8 * pulse_demo.r(p.id, 211))::int]
                              || (ARRAY['Backend Engineer','Frontend Developer','Full-stack Engineer',
                                        'Data Scientist','ML Engineer','Product Designer','DevOps Engineer',
                                        'Mobile Developer','Security Engineer','Data Engineer',
                                        'Embedded Engineer','QA Engineer'])
                                  [1 + floor(12 * pulse_demo.r(p.id, 212))::int])
                    END
                WHEN p.completed IS NOT NULL OR pulse_demo.r(p.id, 210) < 0.4 THEN
                    (ARRAY['Technical Recruiter','Talent Partner','Hiring Manager','Founder',
                           'Engineering Manager','Head of Talent','CTO'])
                        [1 + floor(7 * pulse_demo.r(p.id, 213))::int]
           END,
           to_timestamp(p.prof), to_timestamp(p.completed),
           greatest(to_timestamp(p.prof), to_timestamp(p.completed), u.last_update)
      FROM pg_temp.pulse_demo_pr pr
      JOIN pg_temp.pulse_demo_p p ON p.id = pr.id
      LEFT JOIN (SELECT profile_id, max(updated_at) AS last_update
                   FROM public.profile_updates GROUP BY profile_id) u ON u.profile_id = pr.prof_id;

    INSERT INTO public.activity_events (id, person_id, kind, occurred_at)
    SELECT x.b + x.j + 1, x.pid,
           CASE WHEN x.j = 0 THEN CASE WHEN x.signup THEN 'signup' ELSE 'login' END
                WHEN x.j < x.j_pv      THEN 'search'
                WHEN x.j < x.j_vote    THEN 'profile_view'
                WHEN x.j < x.j_coll    THEN 'vote'
                WHEN x.j < x.j_view    THEN 'collection_create'
                WHEN x.j < x.j_react   THEN 'view'
                WHEN x.j < x.j_comment THEN 'react'
                WHEN x.j < x.j_post    THEN 'comment'
                WHEN x.j < x.j_pu      THEN 'post'
                ELSE 'profile_update' END,
           to_timestamp(CASE WHEN x.j = 0 THEN x.st
                             ELSE x.st + x.g * (x.j + 0.8 * pulse_demo.r(x.sk * 32 + x.j, 500)) END)
      FROM (SELECT w.*, generate_series(0, w.n - 1) AS j
              FROM (SELECT s.sk, s.pid, s.signup, s.st, s.g, s.n, s.j_pv, s.j_vote, s.j_coll, s.j_view,
                           s.j_react, s.j_comment, s.j_post, s.j_pu,
                           sum(s.n) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - s.n AS b
                      FROM pg_temp.pulse_demo_s s) w) x;

    -- posts: ids in time order (post views etc. pick "any post id up to
    -- the number of posts before that day")
    INSERT INTO public.posts (id, author_person_id, created_at, deleted_at)
    SELECT x.id, x.pid, to_timestamp(x.ts),
           CASE WHEN pulse_demo.r(x.id, 300) < 0.05
                     AND x.ts + 3600 + 60 * 86400 * pulse_demo.r(x.id, 301) <= v_tend
                THEN to_timestamp(x.ts + 3600 + 60 * 86400 * pulse_demo.r(x.id, 301)) END
      FROM (SELECT row_number() OVER (ORDER BY y.ts, y.sk, y.j) AS id, y.pid, y.ts
              FROM (SELECT s.sk, j, s.pid,
                           s.st + s.g * (j + 0.8 * pulse_demo.r(s.sk * 32 + j, 500)) AS ts
                      FROM pg_temp.pulse_demo_s s, generate_series(s.j_post, s.j_pu - 1) j
                     WHERE s.c_post > 0) y) x;

    -- post views by people (one per 'view' event; recent posts favoured) ...
    INSERT INTO public.post_views (id, post_id, viewer_person_id, viewed_at)
    SELECT x.b + (x.j - x.ja) + 1,
           dd.posts_before - floor(dd.posts_before * power(pulse_demo.r(x.sk * 32 + x.j, 502), 3))::bigint,
           x.pid,
           to_timestamp(x.st + x.g * (x.j + 0.8 * pulse_demo.r(x.sk * 32 + x.j, 500)))
      FROM (SELECT w.*, generate_series(w.ja, w.jb - 1) AS j
              FROM (SELECT s.sk, s.pid, s.d, s.st, s.g, s.j_view AS ja, s.j_react AS jb,
                           sum(s.c_view) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - s.c_view AS b
                      FROM pg_temp.pulse_demo_s s WHERE s.c_view > 0) w) x
      JOIN pg_temp.pulse_demo_day dd ON dd.d = x.d
     WHERE dd.posts_before > 0;
    SELECT coalesce(sum(c_view), 0) INTO v_pv_max FROM pg_temp.pulse_demo_s;

    -- ... and anonymous ones (viewer_person_id NULL) within 3 days of posting.
    INSERT INTO public.post_views (id, post_id, viewer_person_id, viewed_at)
    SELECT v_pv_max + po.id * 8 + i, po.id, NULL,
           po.created_at + make_interval(secs => 3 * 86400 * pulse_demo.r(po.id * 8 + i, 310))
      FROM public.posts po,
           generate_series(0, floor(6 * power(pulse_demo.r(po.id, 311), 2))::int - 1) i
     WHERE extract(epoch FROM po.created_at) + 3 * 86400 * pulse_demo.r(po.id * 8 + i, 310) <= v_tend;

    INSERT INTO public.post_reactions (id, post_id, person_id, kind, created_at)
    SELECT x.b + (x.j - x.ja) + 1,
           dd.posts_before - floor(dd.posts_before * power(pulse_demo.r(x.sk * 32 + x.j, 503), 3))::bigint,
           x.pid,
           CASE WHEN pulse_demo.r(x.sk * 32 + x.j, 504) < 0.70 THEN 'like'
                WHEN pulse_demo.r(x.sk * 32 + x.j, 504) < 0.82 THEN 'insightful'
                WHEN pulse_demo.r(x.sk * 32 + x.j, 504) < 0.92 THEN 'celebrate'
                ELSE 'support' END,
           to_timestamp(x.st + x.g * (x.j + 0.8 * pulse_demo.r(x.sk * 32 + x.j, 500)))
      FROM (SELECT w.*, generate_series(w.ja, w.jb - 1) AS j
              FROM (SELECT s.sk, s.pid, s.d, s.st, s.g, s.j_react AS ja, s.j_comment AS jb,
                           sum(s.c_react) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - s.c_react AS b
                      FROM pg_temp.pulse_demo_s s WHERE s.c_react > 0) w) x
      JOIN pg_temp.pulse_demo_day dd ON dd.d = x.d
     WHERE dd.posts_before > 0;

    INSERT INTO public.post_comments (id, post_id, person_id, created_at, deleted_at)
    SELECT y.id, y.post_id, y.pid, to_timestamp(y.ts),
           CASE WHEN pulse_demo.r(y.id, 320) < 0.05
                THEN to_timestamp(y.ts + (v_tend - y.ts) * power(pulse_demo.r(y.id, 321), 2)) END
      FROM (SELECT x.b + (x.j - x.ja) + 1 AS id,
                   dd.posts_before - floor(dd.posts_before * power(pulse_demo.r(x.sk * 32 + x.j, 505), 3))::bigint AS post_id,
                   x.pid,
                   x.st + x.g * (x.j + 0.8 * pulse_demo.r(x.sk * 32 + x.j, 500)) AS ts
              FROM (SELECT w.*, generate_series(w.ja, w.jb - 1) AS j
              FROM (SELECT s.sk, s.pid, s.d, s.st, s.g, s.j_comment AS ja, s.j_post AS jb,
                           sum(s.c_comment) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - s.c_comment AS b
                      FROM pg_temp.pulse_demo_s s WHERE s.c_comment > 0) w) x
              JOIN pg_temp.pulse_demo_day dd ON dd.d = x.d
             WHERE dd.posts_before > 0) y;

    -- profile views by people: half towards recent profiles, half uniform ...
    INSERT INTO public.profile_views (id, profile_id, viewer_person_id, viewed_at)
    SELECT x.b + (x.j - x.ja) + 1,
           CASE WHEN pulse_demo.r(x.sk * 32 + x.j, 506) < 0.5
                THEN dd.profiles_before - floor(dd.profiles_before * power(pulse_demo.r(x.sk * 32 + x.j, 507), 3))::bigint
                ELSE 1 + floor(dd.profiles_before * pulse_demo.r(x.sk * 32 + x.j, 507))::bigint END,
           x.pid,
           to_timestamp(x.st + x.g * (x.j + 0.8 * pulse_demo.r(x.sk * 32 + x.j, 500)))
      FROM (SELECT w.*, generate_series(w.ja, w.jb - 1) AS j
              FROM (SELECT s.sk, s.pid, s.d, s.st, s.g, s.j_pv AS ja, s.j_vote AS jb,
                           sum(s.c_pv) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - s.c_pv AS b
                      FROM pg_temp.pulse_demo_s s WHERE s.c_pv > 0) w) x
      JOIN pg_temp.pulse_demo_day dd ON dd.d = x.d
     WHERE dd.profiles_before > 0;
    SELECT coalesce(sum(c_pv), 0) INTO v_prv_max FROM pg_temp.pulse_demo_s;

    -- ... and anonymous ones any time after the profile was created,
    -- fewer on weekends (55%), as everything else.
    INSERT INTO public.profile_views (id, profile_id, viewer_person_id, viewed_at)
    SELECT x.id, x.prof_id, NULL, to_timestamp(x.ts)
      FROM (SELECT v_prv_max + p.prof_id * 4 + i AS id, p.prof_id, p.prof_id * 4 + i AS k,
                   p.prof + (v_tend - p.prof) * pulse_demo.r(p.prof_id * 4 + i, 330) AS ts
              FROM pg_temp.pulse_demo_pr p,
                   generate_series(0, floor(4 * power(pulse_demo.r(p.prof_id, 331), 2))::int - 1) i) x
     WHERE (floor((x.ts - v_t0) / 86400)::int + v_dow0) % 7 NOT IN (0, 6) OR pulse_demo.r(x.k, 332) < 0.55;

    INSERT INTO public.finder_searches (id, person_id, query, result_count, searched_at)
    SELECT x.b + x.j, x.pid,
           concat_ws(' ',
               nullif((ARRAY['senior','junior','staff','lead','','','',''])
                          [1 + floor(8 * pulse_demo.r(x.sk * 32 + x.j, 508))::int], ''),
               (ARRAY['rust','golang','react','typescript','python','ml engineer','product designer',
                      'devops','kotlin','swift','data engineer','postgres','gtk','embedded c',
                      'security','java','android','ios','backend','frontend','full-stack',
                      'data scientist','site reliability','qa automation'])
                   [1 + floor(24 * pulse_demo.r(x.sk * 32 + x.j, 509))::int],
               nullif((ARRAY['remote','berlin','london','new york','paris','lisbon','toronto',
                             'bangalore','','','','',''])
                          [1 + floor(13 * pulse_demo.r(x.sk * 32 + x.j, 510))::int], '')),
           CASE WHEN pulse_demo.r(x.sk * 32 + x.j, 511) < 0.08 THEN 0
                ELSE 1 + floor(240 * power(pulse_demo.r(x.sk * 32 + x.j, 512), 2))::int END,
           to_timestamp(x.st + x.g * (x.j + 0.8 * pulse_demo.r(x.sk * 32 + x.j, 500)))
      FROM (SELECT w.*, generate_series(1, w.c_search) AS j
              FROM (SELECT s.sk, s.pid, s.st, s.g, s.c_search,
                           sum(s.c_search) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - s.c_search AS b
                      FROM pg_temp.pulse_demo_s s WHERE s.c_search > 0) w) x;

    INSERT INTO public.finder_votes (id, person_id, profile_id, value, voted_at)
    SELECT x.b + (x.j - x.ja) + 1, x.pid,
           CASE WHEN pulse_demo.r(x.sk * 32 + x.j, 513) < 0.5
                THEN dd.profiles_before - floor(dd.profiles_before * power(pulse_demo.r(x.sk * 32 + x.j, 514), 3))::bigint
                ELSE 1 + floor(dd.profiles_before * pulse_demo.r(x.sk * 32 + x.j, 514))::bigint END,
           CASE WHEN pulse_demo.r(x.sk * 32 + x.j, 515) < 0.86 THEN 1 ELSE -1 END,
           to_timestamp(x.st + x.g * (x.j + 0.8 * pulse_demo.r(x.sk * 32 + x.j, 500)))
      FROM (SELECT w.*, generate_series(w.ja, w.jb - 1) AS j
              FROM (SELECT s.sk, s.pid, s.d, s.st, s.g, s.j_vote AS ja, s.j_coll AS jb,
                           sum(s.c_vote) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - s.c_vote AS b
                      FROM pg_temp.pulse_demo_s s WHERE s.c_vote > 0) w) x
      JOIN pg_temp.pulse_demo_day dd ON dd.d = x.d
     WHERE dd.profiles_before > 0;

    INSERT INTO public.collections (id, owner_person_id, name, privacy, created_at, updated_at, deleted_at)
    SELECT x.id, x.pid,
           (ARRAY['Shortlist','Backend candidates','Frontend pool','Q3 hiring','Design talent',
                  'Rust folks','Interview next week','Remote-first','Senior engineers','Data team',
                  'Maybe later','Referrals','Mobile','Platform team','Contractors','Favourites'])
               [1 + floor(16 * pulse_demo.r(x.id, 340))::int],
           CASE WHEN pulse_demo.r(x.id, 341) < 0.35 THEN 'PUBLIC' ELSE 'PRIVATE' END,
           to_timestamp(x.ts),
           to_timestamp(x.upd),
           CASE WHEN pulse_demo.r(x.id, 343) < 0.05
                THEN to_timestamp(x.upd + (v_tend - x.upd) * pulse_demo.r(x.id, 344)) END
      FROM (SELECT y.*, y.ts + least(30 * 86400.0, v_tend - y.ts) * power(pulse_demo.r(y.id, 342), 2) AS upd
              FROM (SELECT row_number() OVER (ORDER BY z.ts, z.sk, z.j) AS id, z.pid, z.ts
                      FROM (SELECT s.sk, j, s.pid,
                                   s.st + s.g * (j + 0.8 * pulse_demo.r(s.sk * 32 + j, 500)) AS ts
                              FROM pg_temp.pulse_demo_s s, generate_series(s.j_coll, s.j_view - 1) j
                             WHERE s.c_coll > 0) z) y) x;

    ------------------------------------------------------------------
    -- 5. Tracking tables (added by a later migration), when present.
    --    Fixed SQL text; values only through USING parameters.
    ------------------------------------------------------------------
    IF v_has_sessions THEN
        EXECUTE $q$
        INSERT INTO public.sessions (session_id, person_id, started_at, ended_at, duration_seconds,
                                     page_views, device_type)
        SELECT md5('pulse_demo/session/' || x.sk)::uuid, x.pid, to_timestamp(x.st),
               CASE WHEN NOT x.is_open THEN to_timestamp(x.en) END,
               CASE WHEN NOT x.is_open THEN round(x.en - x.st)::int END,
               1 + x.c_search + x.c_pv + x.c_view,
               (ARRAY['desktop','mobile','tablet'])
                   [CASE WHEN pulse_demo.r(x.sk, 91) < 0.8 THEN x.dev
                         ELSE 1 + floor(3 * pulse_demo.r(x.sk, 92))::int END]
          FROM (SELECT s.*,
                       (s.d = $2 AND (pulse_demo.r(s.sk, 90) < 0.06
                                      OR s.sk = (SELECT max(l.sk) FROM pg_temp.pulse_demo_last l))) AS is_open,
                       least(CASE WHEN s.n = 1 THEN s.st
                                  ELSE s.st + s.g * (s.n - 1 + 0.8 * pulse_demo.r(s.sk * 32 + s.n - 1, 500)) END
                             + 5 + 120 * pulse_demo.r(s.sk, 93),
                             $1 + s.d * 86400.0 + 86399) AS en
                  FROM pg_temp.pulse_demo_s s) x
        $q$ USING v_t0, v_last;
    END IF;

    -- Shares and items follow their collection: most come in the session
    -- that created it, the rest after an exponential delay (not squeezed
    -- into the days left, which piled them up at end_day). What would
    -- fall after end_day has not happened yet; weekends keep 55%.
    IF v_has_shares THEN
        EXECUTE $q$
        INSERT INTO public.collection_shares (id, collection_id, shared_by_person_id, shared_with_person_id,
                                              shared_at, permission_level)
        SELECT row_number() OVER (ORDER BY y.cid, y.i), y.cid, y.owner, y.with_id, to_timestamp(y.ts),
               CASE WHEN pulse_demo.r(y.cid * 4 + y.i, 352) < 0.75 THEN 'view' ELSE 'edit' END
          FROM (SELECT x.*, 1 + floor(dd.persons_before * pulse_demo.r(x.cid * 4 + x.i, 351))::bigint AS with_id,
                       dd.persons_before, dd.d
                  FROM (SELECT c.id AS cid, c.owner_person_id AS owner, i,
                               extract(epoch FROM c.created_at)
                                 + CASE WHEN pulse_demo.r(c.id * 4 + i, 354) < 0.4
                                        THEN 120 + 1500 * pulse_demo.r(c.id * 4 + i, 350)
                                        ELSE -ln(1 - pulse_demo.r(c.id * 4 + i, 350)) * 5 * 86400 END AS ts,
                               extract(epoch FROM c.deleted_at) AS del
                          FROM public.collections c,
                               generate_series(0, floor(4 * power(pulse_demo.r(c.id, 353), 2))::int - 1) i) x
                  JOIN pg_temp.pulse_demo_day dd ON dd.d = floor((x.ts - $2) / 86400)::int
                 WHERE x.ts <= $1 AND (x.del IS NULL OR x.ts < x.del)) y
         WHERE y.persons_before > 0 AND y.with_id <> y.owner
           AND ((y.d + $3) % 7 NOT IN (0, 6) OR pulse_demo.r(y.cid * 4 + y.i, 355) < 0.55)
        $q$ USING v_tend, v_t0, v_dow0;
        PERFORM setval(pg_get_serial_sequence('public.collection_shares', 'id'),
                       greatest((SELECT max(id) FROM public.collection_shares), 1),
                       (SELECT max(id) FROM public.collection_shares) IS NOT NULL);
    END IF;

    IF v_has_items THEN
        EXECUTE $q$
        INSERT INTO public.collection_items (id, collection_id, profile_id, added_by_person_id, added_at,
                                             notes, deleted_at)
        SELECT row_number() OVER (ORDER BY y.cid, y.i), y.cid,
               1 + floor(dd.profiles_before * power(pulse_demo.r(y.cid * 16 + y.i, 361), 1.5))::bigint,
               y.owner, to_timestamp(y.ts),
               CASE WHEN pulse_demo.r(y.cid * 16 + y.i, 362) < 0.25 THEN
                   (ARRAY['strong portfolio','reach out next week','referred by a friend','great culture fit',
                          'interviewed before','open to relocation','contract only','ask about salary'])
                       [1 + floor(8 * pulse_demo.r(y.cid * 16 + y.i, 363))::int] END,
               CASE WHEN pulse_demo.r(y.cid * 16 + y.i, 364) < 0.08
                    THEN to_timestamp(y.ts + ($1 - y.ts) * pulse_demo.r(y.cid * 16 + y.i, 365)) END
          FROM (SELECT c.id AS cid, c.owner_person_id AS owner, i,
                       extract(epoch FROM c.created_at)
                         + CASE WHEN pulse_demo.r(c.id * 16 + i, 367) < 0.5
                                THEN 60 + 1200 * pulse_demo.r(c.id * 16 + i, 360)
                                ELSE -ln(1 - pulse_demo.r(c.id * 16 + i, 360)) * 8 * 86400 END AS ts,
                       extract(epoch FROM c.deleted_at) AS del
                  FROM public.collections c,
                       generate_series(0, floor(16 * power(pulse_demo.r(c.id, 366), 1.5))::int - 1) i) y
          JOIN pg_temp.pulse_demo_day dd ON dd.d = floor((y.ts - $2) / 86400)::int
         WHERE dd.profiles_before > 0 AND y.ts <= $1 AND (y.del IS NULL OR y.ts < y.del)
           AND ((dd.d + $3) % 7 NOT IN (0, 6) OR pulse_demo.r(y.cid * 16 + y.i, 368) < 0.55)
        $q$ USING v_tend, v_t0, v_dow0;
        PERFORM setval(pg_get_serial_sequence('public.collection_items', 'id'),
                       greatest((SELECT max(id) FROM public.collection_items), 1),
                       (SELECT max(id) FROM public.collection_items) IS NOT NULL);
    END IF;

    ------------------------------------------------------------------
    -- 6. Sequences, indexes, foreign keys, statistics.
    ------------------------------------------------------------------
    PERFORM setval(pg_get_serial_sequence('public.persons', 'id'),
                   greatest((SELECT max(id) FROM public.persons), 1), true);
    PERFORM setval(pg_get_serial_sequence('public.profiles', 'id'),
                   greatest((SELECT max(id) FROM public.profiles), 1),
                   (SELECT max(id) FROM public.profiles) IS NOT NULL);
    PERFORM setval(pg_get_serial_sequence('public.profile_updates', 'id'),
                   greatest((SELECT max(id) FROM public.profile_updates), 1),
                   (SELECT max(id) FROM public.profile_updates) IS NOT NULL);
    PERFORM setval(pg_get_serial_sequence('public.posts', 'id'),
                   greatest((SELECT max(id) FROM public.posts), 1),
                   (SELECT max(id) FROM public.posts) IS NOT NULL);
    PERFORM setval(pg_get_serial_sequence('public.post_views', 'id'),
                   greatest((SELECT max(id) FROM public.post_views), 1),
                   (SELECT max(id) FROM public.post_views) IS NOT NULL);
    PERFORM setval(pg_get_serial_sequence('public.post_reactions', 'id'),
                   greatest((SELECT max(id) FROM public.post_reactions), 1),
                   (SELECT max(id) FROM public.post_reactions) IS NOT NULL);
    PERFORM setval(pg_get_serial_sequence('public.post_comments', 'id'),
                   greatest((SELECT max(id) FROM public.post_comments), 1),
                   (SELECT max(id) FROM public.post_comments) IS NOT NULL);
    PERFORM setval(pg_get_serial_sequence('public.profile_views', 'id'),
                   greatest((SELECT max(id) FROM public.profile_views), 1),
                   (SELECT max(id) FROM public.profile_views) IS NOT NULL);
    PERFORM setval(pg_get_serial_sequence('public.finder_searches', 'id'),
                   greatest((SELECT max(id) FROM public.finder_searches), 1),
                   (SELECT max(id) FROM public.finder_searches) IS NOT NULL);
    PERFORM setval(pg_get_serial_sequence('public.finder_votes', 'id'),
                   greatest((SELECT max(id) FROM public.finder_votes), 1),
                   (SELECT max(id) FROM public.finder_votes) IS NOT NULL);
    PERFORM setval(pg_get_serial_sequence('public.collections', 'id'),
                   greatest((SELECT max(id) FROM public.collections), 1),
                   (SELECT max(id) FROM public.collections) IS NOT NULL);
    PERFORM setval(pg_get_serial_sequence('public.activity_events', 'id'),
                   greatest((SELECT max(id) FROM public.activity_events), 1),
                   (SELECT max(id) FROM public.activity_events) IS NOT NULL);

    FOR v_ddl IN SELECT * FROM pg_temp.pulse_demo_ddl WHERE phase = 2 ORDER BY rel, name LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', v_ddl.rel, v_ddl.name, v_ddl.def);
    END LOOP;
    FOR v_ddl IN SELECT * FROM pg_temp.pulse_demo_ddl WHERE phase = 0 ORDER BY rel, name LOOP
        EXECUTE v_ddl.def;
    END LOOP;
    FOR v_ddl IN SELECT * FROM pg_temp.pulse_demo_ddl WHERE phase = 1 ORDER BY rel, name LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', v_ddl.rel, v_ddl.name, v_ddl.def);
    END LOOP;

    DROP TABLE pg_temp.pulse_demo_ddl, pg_temp.pulse_demo_d, pg_temp.pulse_demo_p, pg_temp.pulse_demo_pr,
               pg_temp.pulse_demo_last, pg_temp.pulse_demo_s, pg_temp.pulse_demo_day;

    ANALYZE public.persons, public.profiles, public.profile_updates, public.posts,
            public.post_views, public.post_reactions, public.post_comments,
            public.profile_views, public.finder_searches, public.finder_votes,
            public.collections, public.activity_events;
    IF v_has_sessions THEN EXECUTE 'ANALYZE public.sessions'; END IF;
    IF v_has_shares   THEN EXECUTE 'ANALYZE public.collection_shares'; END IF;
    IF v_has_items    THEN EXECUTE 'ANALYZE public.collection_items'; END IF;
END
$fn$;
