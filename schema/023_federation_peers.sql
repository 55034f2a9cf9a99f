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
