-- 022_throttle.sql - counters of the limits on logins and costly requests
-- (issue 18), shared by every server on the database.
--
-- One row per counted thing: `key` is the limit's name and a SHA-256 of who is
-- counted ("login:" an account and a client address, "signup:" an address,
-- "token:" an account...), never the address or e-mail itself. `count` events
-- since `window_start`; a count whose window is over starts again at 1.
-- `last_at` is the latest event (the growing login delay counts from it).
-- The periodic work forgets rows a day after their last event.
CREATE TABLE throttle (
    key          TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    count        BIGINT NOT NULL,
    last_at      BIGINT NOT NULL
);
CREATE INDEX throttle_last ON throttle (last_at);
