-- 023_federation_peers.sql - Glocal to Glocal peering (issue 17; src/federation/peers.c).
--
-- A peer is another Glocal node, known by its node actor (".../ap/node").
-- A regional node's administrator asks to peer with the network's node: the
-- asking node keeps a row with is_outgoing = 1 and sends a Follow of the
-- other's node actor; the asked node keeps a row with is_outgoing = 0, state
-- 'asked', until its administrator approves it (an Accept is sent back) or
-- refuses it (a Reject). follow_id is the id of that Follow, which the
-- Accept or Reject names. Only an approved peer's content is taken in.
-- last_activity_at: when the peer's node last sent an activity here.
CREATE TABLE fed_peers (
    id                  @ID,
    actor_url           TEXT NOT NULL UNIQUE,
    host                TEXT NOT NULL,
    is_outgoing         INTEGER NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('asked', 'approved', 'refused')),
    follow_id           TEXT NOT NULL,
    asked_at            BIGINT NOT NULL,
    decided_at          BIGINT,
    last_activity_at    BIGINT
);

-- What an approved peer publishes, kept here as remote copies: the peer stays
-- their only writer (a Create or Update is taken only from the object's own
-- host, an approved peer's; a Delete removes the copy). kind 'chapter' (a
-- Group with its place path) or 'event' (a public Event, FEP-8a8e).
-- place_id is the deepest place of the object's place path whose slug is a
-- place of this node (NULL: none matched); place_path the path's names as
-- sent ("Portugal › Lisbon"). home_url is its page on the peer; group_url an
-- event's organiser (its Group). starts_at/ends_at/timezone/location: events.
CREATE TABLE fed_remote_objects (
    id                  @ID,
    peer_id             BIGINT NOT NULL REFERENCES fed_peers(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL CHECK (kind IN ('chapter', 'event')),
    object_url          TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    summary             TEXT NOT NULL DEFAULT '',
    home_url            TEXT NOT NULL,
    group_url           TEXT NOT NULL DEFAULT '',
    place_id            BIGINT REFERENCES places(id) ON DELETE SET NULL,
    place_path          TEXT NOT NULL DEFAULT '',
    starts_at           BIGINT,
    ends_at             BIGINT,
    timezone            TEXT NOT NULL DEFAULT '',
    location            TEXT NOT NULL DEFAULT '',
    updated_at          BIGINT NOT NULL
);
CREATE INDEX fed_remote_objects_place ON fed_remote_objects (kind, place_id);
CREATE INDEX fed_remote_objects_starts ON fed_remote_objects (kind, starts_at);
