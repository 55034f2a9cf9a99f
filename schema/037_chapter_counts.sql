-- 037_chapter_counts.sql - how many chapters each metro has in each sector and
-- status, read by the directory's total and facets (issue 19, point 5;
-- bench/results/2026-12-07-pages-profile.md, "The directory's counts kept").
--
-- The directory counted the chapters of a place on every request, once for
-- the total and once for each facet (status, sector, place): for a metro of
-- 500 chapters, the sector facet alone read and grouped 500 index entries. A
-- place's chapters are its metros' (a place's subtree ends in metros), so
-- every count the directory shows without words to match is a sum of these
-- rows: one per (metro, sector, status) that has chapters.
--
-- Derived, never authoritative, like ledger_unit_totals (migration 035): kept
-- by the database itself (@KEEP_COUNT: triggers on SQLite, a plpgsql trigger
-- function on PostgreSQL) in the transaction of every statement that inserts
-- a chapter, deletes one or changes its metro, sector or status — whatever
-- code runs it (the registry, admission, the tick, imports, the demo,
-- bench-data). `glocal verify` compares every row with a count of the
-- chapters and names the first that differs; `glocal verify --rebuild-totals`
-- makes the table again. `glocal copy` does not copy it: the chapters it
-- copies fill it.
--
-- @WITHOUT_ROWID: on SQLite the rows are stored in the key's order, so the
-- counts of a metro are one range read without a lookup per row.
--
-- sector_id: 0 for chapters without a sector (no sector has id 0). A row
-- exists while its count is above 0.
CREATE TABLE chapter_counts (
    metro_id  BIGINT NOT NULL REFERENCES places(id),
    sector_id BIGINT NOT NULL,
    status    TEXT NOT NULL,
    chapters  BIGINT NOT NULL CHECK (chapters >= 0),
    PRIMARY KEY (metro_id, sector_id, status)
) @WITHOUT_ROWID;

-- a sector's counts across places (the directory filtered by a sector alone),
-- covered: the rows of a sector are one range of it
CREATE INDEX chapter_counts_sector ON chapter_counts (sector_id, status, metro_id, chapters);

-- an existing network's
INSERT INTO chapter_counts (metro_id, sector_id, status, chapters)
SELECT metro_id, coalesce(sector_id, 0), status, count(*) FROM chapters GROUP BY metro_id, coalesce(sector_id, 0), status;

@KEEP_COUNT(chapter_counts.chapters: chapters: metro_id, sector_id, status);
