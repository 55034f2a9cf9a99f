-- 036_member_words.sql - the words of members' names and organisations, for
-- member search by word prefix (issue 19, point 5; docs/ARCHITECTURE.md,
-- "The registry and membership" and "Speed").
--
-- A search finds the members one of whose words starts with each word typed
-- ("mar" finds Ana Marchetti and Marta Silva; "rchetti" finds neither): each
-- typed word is one range of this table's key, word >= 'mar' AND word <
-- 'mar' || U+10FFFF, so a search reads the entries that match and no others.
-- word is folded in C as the network's search folds its terms (case, accents,
-- compatibility forms: src/search/fold.c), the same on both databases; the
-- column compares bytes (@WORD_TEXT: COLLATE "C" on PostgreSQL, SQLite's
-- binary order), so a range is exactly the words that start with the prefix.
-- name is the member's name again, so the members of one word are read in
-- the list's order (name, id) from the index without sorting them; words is
-- every word of the member, each after a space (" ana silva "), so the other
-- words typed are checked in the index's entry (words LIKE '% ' || typed ||
-- '%': folded words hold no wildcard) rather than by a lookup per member.
--
-- Derived: written by member_index (src/accounts/indexing.c) in the write
-- that makes or changes an account, made again by the accounts feature's
-- start when its version changes (the folding is C's, so this migration
-- only makes the table: the first start after it fills it).
CREATE TABLE member_words (
    word     @WORD_TEXT NOT NULL,
    name     TEXT NOT NULL,
    words    TEXT NOT NULL,
    user_id  BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (word, user_id)
);
CREATE INDEX member_words_order ON member_words (word, name, user_id, words);
CREATE INDEX member_words_user ON member_words (user_id, word);
