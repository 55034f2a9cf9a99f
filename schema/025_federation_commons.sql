-- 025_federation_commons.sql - the peers' commons items (issue 17, point 4;
-- src/federation/peer_items.c).
--
-- A node sends its published commons items (Articles with their licence) to
-- the peers that approved it, as it sends its chapters and public events; the
-- receiving node keeps them in fed_remote_objects as kind 'item', with the
-- licence's code (licence: 'cc-by-4.0', 'cc-by-sa-4.0', 'cc0-1.0', or '' when
-- the peer sent none this node knows) and its deed (licence_url, as sent).
--
-- 023 wrote the kinds in a CHECK, which neither database can widen in place
-- the same way: the table is made again with the wider CHECK and the rows
-- copied (nothing refers to their ids), then its indexes again.
CREATE TABLE fed_remote_objects_025 (
    id                  @ID,
    peer_id             BIGINT NOT NULL REFERENCES fed_peers(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL CHECK (kind IN ('chapter', 'event', 'item')),
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
    licence             TEXT NOT NULL DEFAULT '',
    licence_url         TEXT NOT NULL DEFAULT '',
    published_at        BIGINT,
    updated_at          BIGINT NOT NULL
);
INSERT INTO fed_remote_objects_025 (peer_id, kind, object_url, name, summary, home_url, group_url, place_id,
                                    place_path, starts_at, ends_at, timezone, location, updated_at)
    SELECT peer_id, kind, object_url, name, summary, home_url, group_url, place_id, place_path, starts_at, ends_at,
           timezone, location, updated_at FROM fed_remote_objects ORDER BY id;
DROP TABLE fed_remote_objects;
ALTER TABLE fed_remote_objects_025 RENAME TO fed_remote_objects;
CREATE INDEX fed_remote_objects_place ON fed_remote_objects (kind, place_id);
CREATE INDEX fed_remote_objects_starts ON fed_remote_objects (kind, starts_at);
CREATE INDEX fed_remote_objects_published ON fed_remote_objects (kind, published_at);

-- A use of one of this node's published items recorded on a peer node, told
-- here by a signed Add of a glocal Use (src/federation/peer_uses.c) so that it
-- counts in the item's spread (commons/spread.c). use_url is the Use's id on
-- the peer (the same id twice is one use); host the peer's; the chapter that
-- used it by its Group's id and name; the city (the deepest place of its place
-- path) and the country (the first) by name and slug — a slug that names one
-- of this node's metros counts as that city. used_on: midnight UTC of the day.
CREATE TABLE commons_remote_uses (
    id                  @ID,
    item_id             BIGINT NOT NULL REFERENCES commons_items(id),
    use_url             TEXT NOT NULL UNIQUE,
    host                TEXT NOT NULL,
    chapter_url         TEXT NOT NULL,
    chapter_name        TEXT NOT NULL,
    city                TEXT NOT NULL DEFAULT '',
    city_slug           TEXT NOT NULL DEFAULT '',
    country             TEXT NOT NULL DEFAULT '',
    country_slug        TEXT NOT NULL DEFAULT '',
    used_on             BIGINT NOT NULL,
    outcome             TEXT NOT NULL CHECK (outcome IN ('worked', 'mixed', 'did_not_work')),
    created_at          BIGINT NOT NULL
);
CREATE INDEX commons_remote_uses_item ON commons_remote_uses (item_id, used_on);

-- The other way: a chapter of this node used an item of a peer (its copy in
-- fed_remote_objects); the use is kept here (one per chapter, item and day)
-- and told to the item's node as a signed Add of a glocal Use whose id is
-- BASE/ap/uses/{id} (src/federation/record_use.c).
CREATE TABLE fed_uses_sent (
    id                  @ID,
    object_id           BIGINT NOT NULL REFERENCES fed_remote_objects(id) ON DELETE CASCADE,
    chapter_id          BIGINT NOT NULL REFERENCES chapters(id),
    used_on             BIGINT NOT NULL,
    outcome             TEXT NOT NULL CHECK (outcome IN ('worked', 'mixed', 'did_not_work')),
    recorded_by         BIGINT NOT NULL REFERENCES users(id),
    created_at          BIGINT NOT NULL,
    UNIQUE (object_id, chapter_id, used_on)
);
CREATE INDEX fed_uses_sent_chapter ON fed_uses_sent (chapter_id);
