-- 0004_tracking_functions: the only way the platform's backend needs to
-- write the tracking tables. Every function is idempotent for repeated
-- calls with the same ids, so the backend may retry freely.
-- Nobody may execute them until pulse.grant_tracking(role) grants it.
CREATE SCHEMA IF NOT EXISTS pulse;

-- A heartbeat of session p_session_id at p_at. The first call creates the
-- session; later ones extend ended_at, keep duration_seconds in step and
-- add p_page_views. A heartbeat at or before the session's end (a retry,
-- or one that arrives late) changes nothing. Returns whether it counted.
CREATE FUNCTION pulse.record_session_heartbeat(p_session_id  uuid,
                                               p_person_id   bigint,
                                               p_at          timestamptz DEFAULT now(),
                                               p_page_views  integer DEFAULT 1,
                                               p_device_type varchar DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
    v_rows integer;
BEGIN
    INSERT INTO public.sessions AS s (session_id, person_id, started_at, ended_at,
                                      duration_seconds, page_views, device_type)
    VALUES (p_session_id, p_person_id, p_at, p_at, 0, greatest(p_page_views, 0), p_device_type)
    ON CONFLICT (session_id) DO UPDATE
       SET ended_at = EXCLUDED.ended_at,
           duration_seconds = floor(extract(epoch FROM EXCLUDED.ended_at - s.started_at))::int,
           page_views = s.page_views + EXCLUDED.page_views,
           device_type = coalesce(s.device_type, EXCLUDED.device_type)
     WHERE s.person_id = EXCLUDED.person_id
       AND (s.ended_at IS NULL OR s.ended_at < EXCLUDED.ended_at);
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows > 0;
END
$$;

-- Collection p_collection_id shared by p_by with p_with. Sharing the same
-- collection with the same person again keeps the first share (and its
-- shared_at) and only updates the permission. Returns the share's id.
CREATE FUNCTION pulse.record_collection_share(p_collection_id bigint,
                                              p_by            bigint,
                                              p_with          bigint,
                                              p_permission    varchar DEFAULT 'view',
                                              p_at            timestamptz DEFAULT now())
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
    v_id bigint;
BEGIN
    -- Serialises concurrent calls for one collection (key space 1 of the
    -- two-key advisory locks; the migration runner uses the one-key space).
    PERFORM pg_advisory_xact_lock(7201, (p_collection_id % 2147483647)::integer);
    SELECT cs.id INTO v_id
      FROM public.collection_shares cs
     WHERE cs.collection_id = p_collection_id AND cs.shared_with_person_id = p_with
     ORDER BY cs.id
     LIMIT 1;
    IF v_id IS NULL THEN
        INSERT INTO public.collection_shares (collection_id, shared_by_person_id, shared_with_person_id,
                                              shared_at, permission_level)
        VALUES (p_collection_id, p_by, p_with, p_at, p_permission)
        RETURNING id INTO v_id;
    ELSE
        UPDATE public.collection_shares
           SET permission_level = p_permission
         WHERE id = v_id AND permission_level IS DISTINCT FROM p_permission;
    END IF;
    RETURN v_id;
END
$$;

-- Profile p_profile_id added to collection p_collection_id by p_by. While
-- the profile is in the collection, adding it again returns the same item.
CREATE FUNCTION pulse.record_collection_item(p_collection_id bigint,
                                             p_profile_id    bigint,
                                             p_by            bigint,
                                             p_notes         text DEFAULT NULL,
                                             p_at            timestamptz DEFAULT now())
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
    v_id bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(7202, (p_collection_id % 2147483647)::integer);
    SELECT ci.id INTO v_id
      FROM public.collection_items ci
     WHERE ci.collection_id = p_collection_id AND ci.profile_id = p_profile_id
       AND ci.deleted_at IS NULL
     ORDER BY ci.id
     LIMIT 1;
    IF v_id IS NULL THEN
        INSERT INTO public.collection_items (collection_id, profile_id, added_by_person_id, added_at, notes)
        VALUES (p_collection_id, p_profile_id, p_by, p_at, p_notes)
        RETURNING id INTO v_id;
    END IF;
    RETURN v_id;
END
$$;

-- Removes the profile from the collection (soft delete at p_at). Returns
-- whether an item was removed; removing it again changes nothing.
CREATE FUNCTION pulse.remove_collection_item(p_collection_id bigint,
                                             p_profile_id    bigint,
                                             p_at            timestamptz DEFAULT now())
RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
    v_rows integer;
BEGIN
    PERFORM pg_advisory_xact_lock(7202, (p_collection_id % 2147483647)::integer);
    UPDATE public.collection_items
       SET deleted_at = p_at
     WHERE collection_id = p_collection_id AND profile_id = p_profile_id
       AND deleted_at IS NULL;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows > 0;
END
$$;

-- Grants the backend's role what it needs: EXECUTE on the four functions
-- (which run as their caller, so also the table rights they use). The role
-- name is a value, quoted by format('%I'), never spliced in by a client.
CREATE FUNCTION pulse.grant_tracking(p_role text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $$
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA pulse TO %I', p_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION pulse.record_session_heartbeat(uuid, bigint, timestamptz, integer, varchar), '
                   'pulse.record_collection_share(bigint, bigint, bigint, varchar, timestamptz), '
                   'pulse.record_collection_item(bigint, bigint, bigint, text, timestamptz), '
                   'pulse.remove_collection_item(bigint, bigint, timestamptz) TO %I', p_role);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON public.sessions, public.collection_shares, '
                   'public.collection_items TO %I', p_role);
    EXECUTE format('GRANT USAGE ON SEQUENCE public.collection_shares_id_seq, '
                   'public.collection_items_id_seq TO %I', p_role);
END
$$;

REVOKE EXECUTE ON FUNCTION pulse.record_session_heartbeat(uuid, bigint, timestamptz, integer, varchar),
                           pulse.record_collection_share(bigint, bigint, bigint, varchar, timestamptz),
                           pulse.record_collection_item(bigint, bigint, bigint, text, timestamptz),
                           pulse.remove_collection_item(bigint, bigint, timestamptz),
                           pulse.grant_tracking(text)
    FROM PUBLIC;
