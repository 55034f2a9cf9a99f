-- 035_ledger_unit_totals.sql - what each unit of the books (the network, a
-- place, a chapter, a member, an organisation) has received and given of each
-- resource, its baskets included (issue 19, point 5; docs/ARCHITECTURE.md,
-- "The books" and "Speed").
--
-- A chapter's totals and the comparison of a place's chapters summed, on
-- every request, the ledger_totals rows of each chapter's account and of each
-- of its baskets, found through ledger_accounts: for a metro of 500 chapters a
-- few thousand rows and index lookups. Here a unit has one row per resource,
-- so a chapter's totals are a few rows read by their key and the comparison
-- one row per chapter and resource, read a page at a time.
--
-- Derived, never authoritative, like ledger_totals (migration 007):
-- ledger_append (src/ledger/store_append.c) adds each posting to the row of
-- its account's unit (the account itself, or a basket's parent) in the same
-- transaction as the posting; `glocal verify` recomputes every row from the
-- postings and names the first that disagrees; `glocal verify
-- --rebuild-totals` makes the table again. Not append-only: each posting
-- updates a row.
--
-- unit_id: the unit's own account (never a basket); inflow and outflow as in
-- ledger_totals. A row exists once the unit or one of its baskets has had a
-- posting of the resource. The volume of each resource (migration 008) bounds
-- every sum over any set of accounts, so these rows stay within 4 * 10^18 too.
CREATE TABLE ledger_unit_totals (
    unit_id   BIGINT NOT NULL REFERENCES ledger_accounts(id),
    resource  TEXT NOT NULL REFERENCES resources(code),
    inflow    BIGINT NOT NULL,
    outflow   BIGINT NOT NULL,
    PRIMARY KEY (unit_id, resource)
);

-- an existing network's, from its totals (which `glocal verify` checks
-- against the postings): each account's rows added to its unit's
INSERT INTO ledger_unit_totals (unit_id, resource, inflow, outflow)
SELECT CASE WHEN a.kind = 'basket' AND a.parent_id IS NOT NULL THEN a.parent_id ELSE a.id END, t.resource,
       sum(t.inflow), sum(t.outflow)
  FROM ledger_totals t JOIN ledger_accounts a ON a.id = t.account_id
 GROUP BY CASE WHEN a.kind = 'basket' AND a.parent_id IS NOT NULL THEN a.parent_id ELSE a.id END, t.resource;

@CHECK(ledger_unit_totals.bounds: NEW.inflow BETWEEN 0 AND 4000000000000000000 AND NEW.outflow BETWEEN 0 AND 4000000000000000000);

-- a city's chapters by name, the order of its comparison's pages: walked until
-- a page is full (with their ids, to find their accounts), not sorted
CREATE INDEX chapters_metro_name ON chapters (metro_id, name, id);
