-- 007_ledger_totals.sql - what each account has received and given of each
-- resource, kept beside the append-only books (bench/README.md: 10,000,000
-- postings).
--
-- A balance was a sum over every posting the account ever had: a busy
-- chapter's books summed tens of thousands of rows per request, and the
-- comparison of a metro's chapters hundreds of thousands. Here each account
-- has one row per resource it ever moved, so those reads are a few rows.
-- ledger_append (src/ledger/store.c) adds every posting to its row in the
-- same transaction as the posting itself, so the two never disagree for a
-- reader; `glocal verify` recomputes the sums from the postings and names the
-- first row that does not match them. The postings stay the record: this
-- table is derived from them and may be rebuilt from them at any time, which
-- is why it is not append-only (each posting updates a row).
--
-- inflow: the sum of the positive amounts; outflow: the sum of the negative
-- amounts, turned positive; the balance is inflow - outflow. A row exists
-- once the account has had a posting of the resource, as the GROUP BY of the
-- postings would give (a reversal leaves it at balance 0, as before).
CREATE TABLE ledger_totals (
    account_id  BIGINT NOT NULL REFERENCES ledger_accounts(id),
    resource    TEXT NOT NULL REFERENCES resources(code),
    inflow      BIGINT NOT NULL,
    outflow     BIGINT NOT NULL,
    PRIMARY KEY (account_id, resource)
);

-- the books as they are: read in the order of ledger_postings_account
-- (account_id, resource, amount), which holds everything summed here
INSERT INTO ledger_totals (account_id, resource, inflow, outflow)
SELECT account_id, resource,
       coalesce(sum(CASE WHEN amount > 0 THEN amount ELSE 0 END), 0),
       coalesce(sum(CASE WHEN amount < 0 THEN -amount ELSE 0 END), 0)
  FROM ledger_postings GROUP BY account_id, resource;
