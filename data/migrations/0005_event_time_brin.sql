-- 0005_event_time_brin: BRIN indexes on the event timestamps, so that a
-- date-range query reads only the blocks of its range. Events are appended
-- in time order, so each block range covers a short span of time: the
-- indexes stay tiny (a few pages per table) and cost next to nothing to keep;
-- autosummarize has autovacuum summarize each block range as it fills, so
-- the latest days, the most asked for, are indexed too.
-- pulse: no-transaction
-- CREATE INDEX CONCURRENTLY does not block the platform's writes, and
-- cannot run in a transaction: the runner builds them one by one, drops
-- and rebuilds one that an interrupted run left INVALID, skips a table
-- this database does not have, and records the migration once all are valid.
CREATE INDEX CONCURRENTLY IF NOT EXISTS activity_events_occurred_at_brin
    ON public.activity_events USING brin (occurred_at) WITH (autosummarize = on);
CREATE INDEX CONCURRENTLY IF NOT EXISTS post_views_viewed_at_brin
    ON public.post_views USING brin (viewed_at) WITH (autosummarize = on);
CREATE INDEX CONCURRENTLY IF NOT EXISTS post_reactions_created_at_brin
    ON public.post_reactions USING brin (created_at) WITH (autosummarize = on);
CREATE INDEX CONCURRENTLY IF NOT EXISTS post_comments_created_at_brin
    ON public.post_comments USING brin (created_at) WITH (autosummarize = on);
CREATE INDEX CONCURRENTLY IF NOT EXISTS profile_views_viewed_at_brin
    ON public.profile_views USING brin (viewed_at) WITH (autosummarize = on);
CREATE INDEX CONCURRENTLY IF NOT EXISTS profile_updates_updated_at_brin
    ON public.profile_updates USING brin (updated_at) WITH (autosummarize = on);
CREATE INDEX CONCURRENTLY IF NOT EXISTS finder_searches_searched_at_brin
    ON public.finder_searches USING brin (searched_at) WITH (autosummarize = on);
CREATE INDEX CONCURRENTLY IF NOT EXISTS finder_votes_voted_at_brin
    ON public.finder_votes USING brin (voted_at) WITH (autosummarize = on);
CREATE INDEX CONCURRENTLY IF NOT EXISTS sessions_started_at_brin
    ON public.sessions USING brin (started_at) WITH (autosummarize = on);
CREATE INDEX CONCURRENTLY IF NOT EXISTS collection_shares_shared_at_brin
    ON public.collection_shares USING brin (shared_at) WITH (autosummarize = on);
CREATE INDEX CONCURRENTLY IF NOT EXISTS collection_items_added_at_brin
    ON public.collection_items USING brin (added_at) WITH (autosummarize = on);
