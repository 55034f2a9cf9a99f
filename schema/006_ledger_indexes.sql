-- 006_ledger_indexes.sql - the books at network scale (bench/README.md: 10,000,000
-- postings).
--
-- A unit's postings in the order of the chain: a page of its newest lines is
-- read from the end of this index (src/ledger/store.c, unit_lines), instead of
-- sorting every posting the unit ever had; it also carries the transaction of
-- each posting, so choosing them never reads the postings themselves.
CREATE INDEX ledger_postings_account_tx ON ledger_postings (account_id, transaction_id DESC, id);
