-- For the platform's backend.
-- Every call is safe to repeat.

pulse.record_session_heartbeat(
    p_session_id uuid,
    p_person_id bigint,
    p_at timestamptz DEFAULT now(),
    p_page_views integer DEFAULT 1,
    p_device_type varchar DEFAULT NULL
) RETURNS boolean

pulse.record_collection_share(
    p_collection_id bigint,
    p_by bigint,
    p_with bigint,
    p_permission varchar DEFAULT 'view',
    p_at timestamptz DEFAULT now()
) RETURNS bigint

pulse.record_collection_item(
    p_collection_id bigint,
    p_profile_id bigint,
    p_by bigint,
    p_notes text DEFAULT NULL,
    p_at timestamptz DEFAULT now()
) RETURNS bigint

pulse.remove_collection_item(
    p_collection_id bigint,
    p_profile_id bigint,
    p_at timestamptz DEFAULT now()
) RETURNS boolean
