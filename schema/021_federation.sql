-- 021_federation.sql - ActivityPub, server to server (issue 17; src/federation/).
--
-- The local actors are the node (an Application), each chapter and each place
-- (Groups). Each has an RSA key pair, made the first time it is needed and
-- kept. A rotation retires the current key (is_current 0, retired_at set) and
-- makes a new one; a retired public key stays readable at its key id for
-- FED_KEY_GRACE seconds, so that what was signed with it just before still
-- verifies. actor is the actor's path under the node's URL ("/ap/node",
-- "/ap/chapters/lisbon", "/ap/places/portugal").
CREATE TABLE fed_keys (
    id              @ID,
    actor           TEXT NOT NULL,
    public_pem      TEXT NOT NULL,
    private_pem     TEXT NOT NULL,
    is_current      INTEGER NOT NULL DEFAULT 1,
    created_at      BIGINT NOT NULL,
    retired_at      BIGINT
);
CREATE UNIQUE INDEX fed_keys_current ON fed_keys (actor) WHERE is_current = 1;
CREATE INDEX fed_keys_actor ON fed_keys (actor, id);

-- Remote actors, fetched (with timeouts and a size limit) to learn their
-- inbox and public key, and kept for FED_ACTOR_TTL seconds.
CREATE TABLE fed_remote_actors (
    id              @ID,
    actor_url       TEXT NOT NULL UNIQUE,
    host            TEXT NOT NULL,
    inbox           TEXT NOT NULL,
    shared_inbox    TEXT NOT NULL DEFAULT '',
    key_id          TEXT NOT NULL,
    public_pem      TEXT NOT NULL,
    preferred_name  TEXT NOT NULL DEFAULT '',
    fetched_at      BIGINT NOT NULL
);
CREATE INDEX fed_remote_actors_key ON fed_remote_actors (key_id);

-- Who follows a local actor: a remote actor whose Follow was accepted.
-- follow_id is the id of their Follow (an Undo names it).
CREATE TABLE fed_followers (
    id              @ID,
    actor           TEXT NOT NULL,
    remote_id       BIGINT NOT NULL REFERENCES fed_remote_actors(id) ON DELETE CASCADE,
    follow_id       TEXT NOT NULL,
    is_accepted     INTEGER NOT NULL DEFAULT 1,
    created_at      BIGINT NOT NULL,
    UNIQUE (actor, remote_id)
);
CREATE INDEX fed_followers_remote ON fed_followers (remote_id);

-- Every activity id the inboxes accepted: the same id again is a replay,
-- answered 202 with nothing stored (docs/ARCHITECTURE.md, Federation).
CREATE TABLE fed_inbox_log (
    activity_id     TEXT NOT NULL PRIMARY KEY,
    actor_url       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    received_at     BIGINT NOT NULL
);

-- Activities to send, one row per target inbox, inserted in the transaction
-- that made them (a Follow accepted, an event changed). queued -> sending (a
-- lease until lease_until) -> sent; retry (next_at: not before) after a failed
-- attempt; dead after the last attempt of the schedule, with the reason.
-- actor is the local actor whose key signs it.
CREATE TABLE fed_deliveries (
    id              @ID,
    actor           TEXT NOT NULL,
    inbox           TEXT NOT NULL,
    activity        TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'sending', 'retry', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_at         BIGINT NOT NULL,
    lease_owner     TEXT,
    lease_until     BIGINT,
    last_status     INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    done_at         BIGINT
);
CREATE INDEX fed_deliveries_due ON fed_deliveries (status, next_at, id);
