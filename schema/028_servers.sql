-- 028_servers.sql - several servers on one database (issue 19): the periodic
-- work claimed by one server at a time, and the versions of what servers keep
-- in memory, so that none keeps what another has changed.
--
-- `jobs`: one row per periodic job ("tick:meetings", the meetings feature's
-- Feature.tick), made by the first server that runs it. A server runs a job
-- only when it claims the row: its `next_at` has passed and no lease is held
-- (`lease_until` has passed: a server that died lets go then). It holds the
-- lease while it runs the job, then sets `next_at` one period later and counts
-- the run. Two servers ticking at the same moment: one claims, the other
-- finds the lease held and does nothing.
CREATE TABLE jobs (
    name            TEXT PRIMARY KEY,
    lease_owner     TEXT,
    lease_until     BIGINT NOT NULL,
    next_at         BIGINT NOT NULL,
    runs            BIGINT NOT NULL,
    last_started_at BIGINT NOT NULL,
    last_done_at    BIGINT NOT NULL
);

-- `cache_versions`: a number per kind of state that servers keep in memory,
-- raised in the transaction that changes it ("settings": every setting_put).
-- A server reads the one row (a primary-key lookup) before it uses what it
-- keeps, and reads the state again when the number moved.
CREATE TABLE cache_versions (
    name    TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
