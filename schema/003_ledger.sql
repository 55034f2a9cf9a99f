-- 003_ledger.sql - the books: every resource a community runs on (money, hours,
-- goods, favours), in double entry, append-only, with a hash chain.
--
-- A transaction's postings sum to zero for each resource. Accounts are the
-- units of the network (the network itself, places, chapters, members,
-- outside organisations) and earmarked baskets under a unit. Nothing is ever
-- updated or deleted in ledger_transactions or ledger_postings (triggers
-- enforce it on both databases); a correction is a reversal.

CREATE TABLE organisations (
    id          @ID,
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL DEFAULT 'sponsor' CHECK (kind IN ('sponsor', 'venue', 'supplier', 'other')),
    website     TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);

CREATE TABLE resources (
    code        TEXT PRIMARY KEY,          -- EUR, USD, ... for money; HOURS, GOODS, FAVOURS
    kind        TEXT NOT NULL CHECK (kind IN ('money', 'time', 'goods', 'favours')),
    name        TEXT NOT NULL,
    decimals    BIGINT NOT NULL DEFAULT 0  -- money: minor units (2 for cents); time is kept in minutes
);
INSERT INTO resources (code, kind, name, decimals) VALUES
    ('EUR', 'money', 'Euro', 2), ('USD', 'money', 'US dollar', 2), ('GBP', 'money', 'Pound sterling', 2),
    ('BRL', 'money', 'Brazilian real', 2), ('KES', 'money', 'Kenyan shilling', 2),
    ('HOURS', 'time', 'Hours given', 0), ('GOODS', 'goods', 'Goods in kind', 0), ('FAVOURS', 'favours', 'Favours', 0);

CREATE TABLE ledger_accounts (
    id          @ID,
    kind        TEXT NOT NULL CHECK (kind IN ('network', 'place', 'chapter', 'member', 'organisation', 'basket')),
    ref_id      BIGINT NOT NULL DEFAULT 0,   -- the place, chapter, user or organisation; 0 for the network
    parent_id   BIGINT REFERENCES ledger_accounts(id),   -- a basket's unit
    name        TEXT NOT NULL,
    purpose     TEXT NOT NULL DEFAULT '',    -- a basket's purpose (its spending category)
    created_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX ledger_accounts_unit ON ledger_accounts (kind, ref_id) WHERE kind <> 'basket';
CREATE UNIQUE INDEX ledger_accounts_basket ON ledger_accounts (parent_id, name) WHERE kind = 'basket';

CREATE TABLE ledger_transactions (
    id              @ID,
    seq             BIGINT NOT NULL UNIQUE,    -- position in the hash chain, 1, 2, 3...
    kind            TEXT NOT NULL CHECK (kind IN ('contribution', 'expense', 'transfer', 'basket_funding',
                                                  'basket_spending', 'income', 'reversal')),
    description     TEXT NOT NULL,
    category        TEXT NOT NULL DEFAULT '',  -- expense category or income source (the canvas groups by it)
    occurred_on     TEXT NOT NULL,             -- the day it happened, YYYY-MM-DD
    visibility      TEXT NOT NULL CHECK (visibility IN ('public', 'network', 'unit', 'parties')),
    payer_id        BIGINT REFERENCES ledger_accounts(id),
    recipient_id    BIGINT REFERENCES ledger_accounts(id),
    beneficiary_id  BIGINT REFERENCES ledger_accounts(id),   -- who is served, when not the recipient
    approved_by     BIGINT REFERENCES users(id),             -- expenses: the connector or treasurer who approved
    recorded_by     BIGINT REFERENCES users(id),
    recorded_at     BIGINT NOT NULL,
    reverses_id     BIGINT REFERENCES ledger_transactions(id),
    meeting_id      BIGINT REFERENCES meetings(id),          -- captured at a meeting
    idem_user       BIGINT,                                  -- an idempotency key is unique per person
    idem_key        TEXT,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL UNIQUE
);
CREATE UNIQUE INDEX ledger_transactions_idem ON ledger_transactions (idem_user, idem_key) WHERE idem_key IS NOT NULL;
CREATE UNIQUE INDEX ledger_transactions_reversal ON ledger_transactions (reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX ledger_transactions_when ON ledger_transactions (occurred_on, id);

CREATE TABLE ledger_postings (
    id              @ID,
    transaction_id  BIGINT NOT NULL REFERENCES ledger_transactions(id),
    account_id      BIGINT NOT NULL REFERENCES ledger_accounts(id),
    resource        TEXT NOT NULL REFERENCES resources(code),
    amount          BIGINT NOT NULL,            -- minor units, minutes or items; + into the account, - out of it
    value_amount    BIGINT,                     -- goods: what they are worth, in value_currency minor units
    value_currency  TEXT REFERENCES resources(code)
);
CREATE INDEX ledger_postings_account ON ledger_postings (account_id, resource, amount);
CREATE INDEX ledger_postings_transaction ON ledger_postings (transaction_id);

-- expense claims wait here for a connector's approval; approving posts the expense
CREATE TABLE expense_claims (
    id           @ID,
    account_id   BIGINT NOT NULL REFERENCES ledger_accounts(id),   -- the unit (or basket) that pays
    payee_id     BIGINT NOT NULL REFERENCES ledger_accounts(id),
    resource     TEXT NOT NULL REFERENCES resources(code),
    amount       BIGINT NOT NULL CHECK (amount > 0),
    description  TEXT NOT NULL,
    category     TEXT NOT NULL DEFAULT '',
    occurred_on  TEXT NOT NULL,
    visibility   TEXT NOT NULL,
    claimed_by   BIGINT NOT NULL REFERENCES users(id),
    claimed_at   BIGINT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
    decided_by   BIGINT REFERENCES users(id),
    decided_at   BIGINT,
    transaction_id BIGINT REFERENCES ledger_transactions(id)
);
CREATE INDEX expense_claims_account ON expense_claims (account_id, status);

-- the parts of the business-model canvas that are words, per unit
CREATE TABLE canvas_texts (
    unit_kind   TEXT NOT NULL CHECK (unit_kind IN ('network', 'place', 'chapter')),
    unit_id     BIGINT NOT NULL,
    block       TEXT NOT NULL CHECK (block IN ('value_proposition', 'channels', 'relationships')),
    body        TEXT NOT NULL,
    updated_by  BIGINT REFERENCES users(id),
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (unit_kind, unit_id, block)
);

@APPEND_ONLY(ledger_transactions);
@APPEND_ONLY(ledger_postings);
