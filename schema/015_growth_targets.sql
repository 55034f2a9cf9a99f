-- 015_growth_targets.sql - targets a network steers by (issue 15, M9): a
-- figure of the snapshots to reach by a day ("300 active chapters by
-- 2027-12-31") or a pace to keep ("+5 chapters a month in Portugal"), for the
-- network, a place or a sector. Set by an administrator (any scope), the board
-- (the network) or a place's committee (its place); read by the dashboards,
-- which compare them with growth_days (src/growth/targets.c).
CREATE TABLE growth_targets (
    id          @ID,
    scope_kind  TEXT NOT NULL CHECK (scope_kind IN ('network', 'place', 'sector')),
    scope_id    BIGINT NOT NULL,            -- the place or sector; 0 for the network
    figure      TEXT NOT NULL,              -- a column of growth_days, or 'chapters' (not closed)
    target      BIGINT,                     -- reach this value...
    by_day      BIGINT,                     -- ...by the end of this day (midnight UTC)
    per_month   BIGINT,                     -- or keep growing by this much a month
    note        TEXT NOT NULL DEFAULT '',
    set_by      BIGINT NOT NULL REFERENCES users(id),
    created_at  BIGINT NOT NULL,
    CHECK ((target IS NOT NULL AND by_day IS NOT NULL AND per_month IS NULL)
        OR (target IS NULL AND by_day IS NULL AND per_month IS NOT NULL))
);
CREATE INDEX growth_targets_scope ON growth_targets (scope_kind, scope_id, created_at);
