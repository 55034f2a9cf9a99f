-- 008_ledger_integrity.sql - the books hold against their own users (issue 10).
--
-- Limits the database enforces itself, whatever the program does:
--   * one posting moves at most 10^12 of a resource's smallest unit (and never
--     nothing); each resource has its own, smaller or equal, maximum that the
--     program applies with a clear message (resources.max_amount);
--   * an account's totals (ledger_totals) and the network's volume of each
--     resource (ledger_volume: the sum of every positive posting, which bounds
--     every sum over any set of accounts) stay integers from 0 to 4 * 10^18,
--     so no balance, total or report can overflow a 64-bit integer — SQLite
--     turned an overflowing sum into a floating-point number, which the
--     bounds refuse;
--   * what an account or a resource stands for (its kind, owner, unit, name,
--     purpose; a resource's code, kind and decimals) is frozen once written,
--     and each row carries a digest of it that new entries of the chain cover
--     (hash_version 2): changing either is found by `glocal verify`.
ALTER TABLE resources ADD COLUMN max_amount BIGINT NOT NULL DEFAULT 1000000000000;
ALTER TABLE resources ADD COLUMN digest TEXT NOT NULL DEFAULT '';
UPDATE resources SET max_amount = 6000000 WHERE kind = 'time';         -- 100,000 hours, in minutes
UPDATE resources SET max_amount = 1000000000 WHERE kind = 'goods';
UPDATE resources SET max_amount = 1000000 WHERE kind = 'favours';

ALTER TABLE ledger_accounts ADD COLUMN digest TEXT NOT NULL DEFAULT '';
-- the rows still to be digested (the program fills them when it opens the books)
CREATE INDEX ledger_accounts_undigested ON ledger_accounts (id) WHERE digest = '';

-- 1: the hash covers the entry and its postings; 2: also the digests of the
-- postings' accounts and resources (see ledger_hash)
ALTER TABLE ledger_transactions ADD COLUMN hash_version BIGINT NOT NULL DEFAULT 1;

CREATE TABLE ledger_volume (
    resource  TEXT PRIMARY KEY REFERENCES resources(code),
    volume    BIGINT NOT NULL
);
-- in floating point, so that books an older version let overflow can still be
-- migrated: such a volume is held at the ceiling (no more postings of that
-- resource until the books are repaired; `glocal verify --explain` says why)
INSERT INTO ledger_volume (resource, volume)
SELECT resource, CASE WHEN sum(CAST(inflow AS DOUBLE PRECISION)) >= 4e18 THEN 4000000000000000000
                      ELSE CAST(sum(CAST(inflow AS DOUBLE PRECISION)) AS BIGINT) END
  FROM ledger_totals GROUP BY resource;

@CHECK(ledger_postings.amount_bounds: NEW.amount <> 0 AND NEW.amount BETWEEN -1000000000000 AND 1000000000000
       AND (NEW.value_amount IS NULL OR NEW.value_amount BETWEEN 0 AND 1000000000000));
@CHECK(ledger_totals.bounds: NEW.inflow BETWEEN 0 AND 4000000000000000000 AND NEW.outflow BETWEEN 0 AND 4000000000000000000);
@CHECK(ledger_volume.bounds: NEW.volume BETWEEN 0 AND 4000000000000000000);
@CHECK(resources.bounds: NEW.max_amount BETWEEN 1 AND 1000000000000 AND NEW.decimals BETWEEN 0 AND 6);
@FREEZE(ledger_accounts.meaning: OLD.kind = NEW.kind AND OLD.ref_id = NEW.ref_id
        AND coalesce(OLD.parent_id, 0) = coalesce(NEW.parent_id, 0) AND OLD.name = NEW.name AND OLD.purpose = NEW.purpose
        AND (OLD.digest = '' OR OLD.digest = NEW.digest));
@FREEZE(resources.meaning: OLD.code = NEW.code AND OLD.kind = NEW.kind AND OLD.decimals = NEW.decimals
        AND (OLD.digest = '' OR OLD.digest = NEW.digest));
