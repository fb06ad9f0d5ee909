-- The three tracking tables, as the setup migrations create them.
-- Tests use this until the migrations themselves load them.
CREATE TABLE sessions (
  session_id UUID PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES persons,
  started_at TIMESTAMPTZ NOT NULL,
  ended_at TIMESTAMPTZ,
  duration_seconds INT,
  page_views INT NOT NULL DEFAULT 0,
  device_type VARCHAR(32)
);
CREATE TABLE collection_shares (
  id BIGSERIAL PRIMARY KEY,
  collection_id BIGINT NOT NULL REFERENCES collections,
  shared_by_person_id BIGINT NOT NULL REFERENCES persons,
  shared_with_person_id BIGINT NOT NULL REFERENCES persons,
  shared_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  permission_level VARCHAR(16) NOT NULL CHECK (permission_level IN ('view', 'edit'))
);
CREATE TABLE collection_items (
  id BIGSERIAL PRIMARY KEY,
  collection_id BIGINT NOT NULL REFERENCES collections,
  profile_id BIGINT NOT NULL REFERENCES profiles,
  added_by_person_id BIGINT NOT NULL REFERENCES persons,
  added_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  notes TEXT,
  deleted_at TIMESTAMPTZ
);
