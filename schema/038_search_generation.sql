-- 038_search_generation.sql - a number that grows with every change to the
-- search index, so that the answers of recent searches can be kept and
-- reused while it stays the same (issue 13; src/search/cache.c,
-- docs/ARCHITECTURE.md, "Search").
--
-- Every statement that puts a document into search_docs, takes one out or
-- empties the table (src/search/store.c) adds one to it in the same
-- transaction. A server reads it before each search and reuses a kept answer
-- only when it was made at the same generation: an answer can never outlive
-- the change that makes it wrong (a consent withdrawn, an item edited, a
-- place renamed: its document is put again), and several servers on one
-- database agree without telling each other anything.
--
-- One row (id 1), made by the first change; none until then (generation 0).
-- `glocal copy` copies it like any other table.
CREATE TABLE search_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
