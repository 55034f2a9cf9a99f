-- 005_hot_indexes.sql - indexes for the hot reads, measured on the benchmark's
-- network of 50,000 chapters and 1,000,000 members (bench/README.md).

-- The directory picks one statement per combination of its filters (place,
-- sector, text: src/network/store.c); these two cover what its counts read, so
-- that each facet is counted in an index, without reading the chapters.
DROP INDEX chapters_metro;
DROP INDEX chapters_sector;
CREATE INDEX chapters_metro ON chapters (metro_id, sector_id, status);
CREATE INDEX chapters_sector ON chapters (sector_id, metro_id, status);
-- The directory's order (active, forming, dormant, closed, then by name), so
-- that the first page of the whole network is read in order, not sorted.
CREATE INDEX chapters_directory ON chapters
    ((CASE status WHEN 'active' THEN 0 WHEN 'forming' THEN 1 WHEN 'dormant' THEN 2 ELSE 3 END), name, id);

-- A chapter's figures (meetings held, the last and the next one, attendance)
-- and each meeting's answers, counted in the index.
CREATE INDEX meetings_chapter_status ON meetings (chapter_id, status, starts_at);
CREATE INDEX attendance_present ON attendance (meeting_id, is_present);
CREATE INDEX rsvps_answer ON rsvps (meeting_id, answer);

-- Member search: a text index over name and organisation (SQLite: an FTS5
-- trigram table users_text with its triggers; PostgreSQL: pg_trgm GIN indexes
-- on lower(name) and lower(organisation)), filled from the existing members.
-- When many match, the names are walked in order and each entry is checked
-- (text, place, sector) in users_name, without reading the table.
DROP INDEX users_name;
CREATE INDEX users_name ON users (name, organisation, metro_id, sector_id, id);
@TEXT_INDEX(users: name, organisation);
