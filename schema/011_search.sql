-- 011_search.sql - one full-text search over the network (issue 13): the
-- commons' published items, chapters, public events, formats, places, and
-- members (seen only by those logged in). Features put a document here inside
-- the write that changed it and take it out when it stops being public;
-- nothing confidential (meeting rounds, stories, drafts, chapter-only events)
-- is ever put in.
--
-- The program folds every text into terms (case, accents, compatibility
-- forms: src/search/fold.c) and writes them space-separated into f_words;
-- @WORD_INDEX indexes those words exactly as they are, so SQLite (FTS5) and
-- PostgreSQL (a tsvector of the same lexemes) find the same documents. A put
-- replaces the row (a new id), so ids follow the order documents were put:
-- the newest first is ORDER BY id DESC on both.

CREATE TABLE search_docs (
    id               @ID,
    kind             TEXT NOT NULL CHECK (kind IN ('item', 'chapter', 'event', 'format', 'place', 'member')),
    ref_id           BIGINT NOT NULL,               -- the feature's id
    title            TEXT NOT NULL,
    body             TEXT NOT NULL DEFAULT '',      -- plain text, for the snippets
    url              TEXT NOT NULL,
    subkind          TEXT NOT NULL DEFAULT '',      -- an item's kind, an event's format...
    licence          TEXT NOT NULL DEFAULT '',
    tags             TEXT NOT NULL DEFAULT '',      -- as written
    place_id         BIGINT,
    sector_id        BIGINT,
    is_members_only  INTEGER NOT NULL DEFAULT 0,
    updated_at       BIGINT NOT NULL,
    -- the folded terms, each marked with where it is: "1:" the title, "2:"
    -- the text (the title, the body and the tags, in order), "3:" the tags,
    -- "4:" the filters ("4:kitem", "4:lccby40" a licence, "4:p12" the place
    -- and each place above it, "4:s3" the sector, "4:unotes" an item's
    -- kind); a members-only document's words are marked "5:" to "8:".
    f_words          TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, ref_id)
);

@WORD_INDEX(search_docs: f_words);
