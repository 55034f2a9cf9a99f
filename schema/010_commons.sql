-- 010_commons.sql - the knowledge commons (issue 13): what chapters and events
-- learn, kept as items under open licences, with their revisions, authors and
-- their consent, the adaptations made from them, and the uses that show how far
-- each has travelled.
--
-- Nothing is public until every author (and every member whose story is quoted)
-- has consented: an item is 'draft' while its authors write it, 'consenting'
-- while it waits for consents, 'published' once all are given, and 'withdrawn'
-- (a tombstone: the reason stays, the words are no longer shown) when anyone
-- named on it takes consent back.

CREATE TABLE commons_items (
    id              @ID,
    slug            TEXT NOT NULL UNIQUE,              -- the permalink: /commons/{slug}
    kind            TEXT NOT NULL CHECK (kind IN ('notes', 'tool', 'technique', 'template', 'story', 'recording')),
    title           TEXT NOT NULL,
    summary         TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL DEFAULT '',          -- Markdown, the current revision's
    url             TEXT NOT NULL DEFAULT '',          -- a recording's (or a tool's) address
    licence         TEXT NOT NULL CHECK (licence IN ('cc-by-4.0', 'cc-by-sa-4.0', 'cc0-1.0')),
    tags            TEXT NOT NULL DEFAULT '',          -- the current tags, space separated (commons_tags is the index)
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'consenting', 'published', 'withdrawn')),
    -- where it came from: a place and a sector, and its origin
    place_id        BIGINT REFERENCES places(id),
    sector_id       BIGINT REFERENCES sectors(id),
    origin          TEXT NOT NULL DEFAULT 'chapter' CHECK (origin IN ('meeting', 'event', 'session', 'chapter', 'network')),
    chapter_id      BIGINT REFERENCES chapters(id),    -- the chapter it came from (origin meeting or chapter)
    meeting_id      BIGINT REFERENCES meetings(id) ON DELETE SET NULL,
    event_id        BIGINT REFERENCES events(id),      -- the event it came from (origin event or session): its sponsors see it spread
    session_id      BIGINT NOT NULL DEFAULT 0,         -- an unconference session (issue 14), 0 if none
    round_id        BIGINT REFERENCES rounds(id) ON DELETE SET NULL,   -- the shared success or challenge it was drafted from
    -- adaptations: the item it is based on, the first of its line, how deep
    based_on_id     BIGINT REFERENCES commons_items(id),
    root_id         BIGINT,                            -- NULL for an original
    depth           BIGINT NOT NULL DEFAULT 0 CHECK (depth >= 0),
    revision        BIGINT NOT NULL DEFAULT 1,         -- the current revision's number
    created_by      BIGINT NOT NULL REFERENCES users(id),
    withdrawn_reason TEXT NOT NULL DEFAULT '',
    withdrawn_by    BIGINT REFERENCES users(id),
    published_at    BIGINT,
    withdrawn_at    BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX commons_items_published ON commons_items (status, published_at);
CREATE INDEX commons_items_updated ON commons_items (status, updated_at);
CREATE INDEX commons_items_place ON commons_items (place_id, status, published_at);
CREATE INDEX commons_items_sector ON commons_items (sector_id, status, published_at);
CREATE INDEX commons_items_chapter ON commons_items (chapter_id, status, published_at);
CREATE INDEX commons_items_event ON commons_items (event_id, status);
CREATE INDEX commons_items_based_on ON commons_items (based_on_id);
CREATE INDEX commons_items_root ON commons_items (root_id);
CREATE INDEX commons_items_round ON commons_items (round_id);

-- Every revision as it was saved (the first is number 1); never changed.
CREATE TABLE commons_revisions (
    id          @ID,
    item_id     BIGINT NOT NULL REFERENCES commons_items(id),
    number      BIGINT NOT NULL CHECK (number >= 1),
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL,
    body        TEXT NOT NULL,
    url         TEXT NOT NULL,
    licence     TEXT NOT NULL,
    tags        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',   -- what changed, in the editor's words
    edited_by   BIGINT NOT NULL REFERENCES users(id),
    created_at  BIGINT NOT NULL,
    UNIQUE (item_id, number)
);
@FREEZE(commons_revisions.kept: 1 = 0);

-- Who is named on an item and whether they consent: its authors (who may edit
-- it), and members whose words it quotes (a story told in a meeting).
CREATE TABLE commons_people (
    item_id     BIGINT NOT NULL REFERENCES commons_items(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    role        TEXT NOT NULL CHECK (role IN ('author', 'quoted')),
    consent     TEXT NOT NULL DEFAULT 'asked' CHECK (consent IN ('asked', 'given', 'withdrawn')),
    consent_at  BIGINT,
    position    BIGINT NOT NULL DEFAULT 0,   -- the order authors are credited in
    added_at    BIGINT NOT NULL,
    PRIMARY KEY (item_id, user_id)
);
CREATE INDEX commons_people_user ON commons_people (user_id, role, item_id);

-- The tags of each item's current revision: lower-case words and hyphens.
CREATE TABLE commons_tags (
    item_id     BIGINT NOT NULL REFERENCES commons_items(id),
    tag         TEXT NOT NULL,
    PRIMARY KEY (item_id, tag)
);
CREATE INDEX commons_tags_tag ON commons_tags (tag, item_id);

-- A chapter (or an event) used an item: when, and how it went. place_id is
-- where that happened (the chapter's or the event's metro), kept with the use
-- so spread is counted without walking the registry.
CREATE TABLE commons_uses (
    id          @ID,
    item_id     BIGINT NOT NULL REFERENCES commons_items(id),
    chapter_id  BIGINT REFERENCES chapters(id),
    event_id    BIGINT REFERENCES events(id),
    place_id    BIGINT NOT NULL REFERENCES places(id),
    used_on     BIGINT NOT NULL,            -- the day it was used (Unix seconds, midnight UTC)
    outcome     TEXT NOT NULL CHECK (outcome IN ('worked', 'mixed', 'did_not_work')),
    note        TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    created_at  BIGINT NOT NULL,
    CHECK ((chapter_id IS NULL) <> (event_id IS NULL))
);
CREATE INDEX commons_uses_item ON commons_uses (item_id, used_on);
CREATE INDEX commons_uses_chapter ON commons_uses (chapter_id, used_on);
CREATE INDEX commons_uses_event ON commons_uses (event_id);
