-- 012_unconf.sql - unconferences (issue 14): an event made from a format with
-- a session board gets rooms and time slots; ticket holders propose sessions
-- and spend dots on those they want; the organiser builds the room × slot
-- grid from the votes (src/unconf/rules_schedule.c) and moves and locks
-- sessions; every session is captured (notes, insights, tools, links) and
-- published into the commons with its authors' consent.

-- A format whose events have a session board.
ALTER TABLE apps ADD COLUMN has_board INTEGER NOT NULL DEFAULT 0;

CREATE TABLE unconf_boards (
    event_id        BIGINT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    dots            BIGINT NOT NULL DEFAULT 5 CHECK (dots BETWEEN 1 AND 50),   -- each attendee's dots
    voting_closes_at BIGINT,                                               -- NULL: when the event starts
    seed            BIGINT NOT NULL DEFAULT 1,                             -- the optimiser's, for a schedule built again
    quality         BIGINT,                                                -- of the last schedule built, per mille
    random_quality  BIGINT,                                                -- of a random schedule, per mille
    built_at        BIGINT,
    updated_at      BIGINT NOT NULL
);

CREATE TABLE unconf_rooms (
    id          @ID,
    event_id    BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    capacity    BIGINT NOT NULL CHECK (capacity >= 1),
    position    BIGINT NOT NULL DEFAULT 0,
    UNIQUE (event_id, name)
);

CREATE TABLE unconf_slots (
    id          @ID,
    event_id    BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT NOT NULL,
    CHECK (ends_at > starts_at),
    UNIQUE (event_id, starts_at)
);

CREATE TABLE unconf_sessions (
    id           @ID,
    event_id     BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL CHECK (kind IN ('talk', 'discussion', 'workshop')),
    proposer_id  BIGINT NOT NULL REFERENCES users(id),
    status       TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'withdrawn', 'merged')),
    merged_into  BIGINT REFERENCES unconf_sessions(id),
    room_id      BIGINT REFERENCES unconf_rooms(id) ON DELETE SET NULL,
    slot_id      BIGINT REFERENCES unconf_slots(id) ON DELETE SET NULL,
    is_locked    INTEGER NOT NULL DEFAULT 0,
    -- the capture: what the session found, kept by its presenters or a scribe
    notes        TEXT NOT NULL DEFAULT '',
    scribe_id    BIGINT REFERENCES users(id),
    headcount    BIGINT CHECK (headcount >= 0),
    item_id      BIGINT REFERENCES commons_items(id),   -- the commons item made from the capture
    captured_at  BIGINT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX unconf_sessions_event ON unconf_sessions (event_id, status);
CREATE UNIQUE INDEX unconf_sessions_cell ON unconf_sessions (room_id, slot_id) WHERE room_id IS NOT NULL AND slot_id IS NOT NULL;

-- Co-presenters (the proposer is one too, by proposer_id).
CREATE TABLE unconf_presenters (
    session_id  BIGINT NOT NULL REFERENCES unconf_sessions(id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (session_id, user_id)
);

-- The slots a session's presenters cannot make.
CREATE TABLE unconf_unavailable (
    session_id  BIGINT NOT NULL REFERENCES unconf_sessions(id) ON DELETE CASCADE,
    slot_id     BIGINT NOT NULL REFERENCES unconf_slots(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, slot_id)
);

-- Dots: how many an attendee put on a session (0 rows for none).
CREATE TABLE unconf_votes (
    session_id  BIGINT NOT NULL REFERENCES unconf_sessions(id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    dots        BIGINT NOT NULL CHECK (dots >= 1),
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX unconf_votes_user ON unconf_votes (user_id);
