-- 004_events.sql - apps: event formats (the catalog), events made from them,
-- tickets with a waitlist and check-in codes, sponsor packages, and the
-- revenue split that the format's rule posts to the books when an event closes.

CREATE TABLE apps (
    id           @ID,
    slug         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    runbook      TEXT NOT NULL DEFAULT '[]',   -- JSON: [{"step": "Doors open", "minutes": 30}, ...]
    tiers        TEXT NOT NULL DEFAULT '[]',   -- JSON: default ticket tiers [{"name", "price", "currency"}], price as text
    packages     TEXT NOT NULL DEFAULT '[]',   -- JSON: sponsor packages [{"name", "price", "currency", "placement", "benefits"}]
    split_rule   TEXT NOT NULL DEFAULT '[]',   -- JSON: [{"party": "organiser", "share": 5000}, ...] in basis points, summing to 10000
    origin_id    BIGINT REFERENCES apps(id),   -- a connector's copy remembers the format it came from
    owner_id     BIGINT REFERENCES users(id),  -- NULL: the network's own format
    is_published INTEGER NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE events (
    id           @ID,
    slug         TEXT NOT NULL UNIQUE,
    app_id       BIGINT NOT NULL REFERENCES apps(id),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    chapter_id   BIGINT REFERENCES chapters(id),   -- the host chapter, or
    place_id     BIGINT REFERENCES places(id),     -- the host place
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    timezone     TEXT NOT NULL,
    venue        TEXT NOT NULL DEFAULT '',
    online_url   TEXT NOT NULL DEFAULT '',
    capacity     BIGINT NOT NULL CHECK (capacity >= 1),
    visibility   TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'network', 'chapter')),
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'cancelled')),
    split_rule   TEXT NOT NULL,                    -- the rule in force, copied from the app at creation
    basket_id    BIGINT REFERENCES ledger_accounts(id),   -- where the event's money waits until the split
    organiser_id BIGINT NOT NULL REFERENCES users(id),
    sequence     BIGINT NOT NULL DEFAULT 0,
    closed_at    BIGINT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX events_start ON events (starts_at, status);
CREATE INDEX events_chapter ON events (chapter_id, starts_at);
CREATE INDEX events_place ON events (place_id, starts_at);

CREATE TABLE event_cohosts (
    event_id    BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    chapter_id  BIGINT NOT NULL REFERENCES chapters(id),
    PRIMARY KEY (event_id, chapter_id)
);

CREATE TABLE ticket_tiers (
    id          @ID,
    event_id    BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    price       BIGINT NOT NULL DEFAULT 0 CHECK (price >= 0),   -- minor units; 0 is free
    currency    TEXT NOT NULL DEFAULT 'EUR' REFERENCES resources(code),
    position    BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE registrations (
    id           @ID,
    event_id     BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    tier_id      BIGINT NOT NULL REFERENCES ticket_tiers(id),
    user_id      BIGINT REFERENCES users(id),    -- a member, or
    guest_email  TEXT,                           -- a guest
    name         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('ticket', 'waitlist', 'cancelled')),
    code         TEXT NOT NULL,                  -- the short check-in code
    token_hash   TEXT NOT NULL UNIQUE,           -- the guest's own link to the ticket
    is_paid      INTEGER NOT NULL DEFAULT 0,
    paid_tx      BIGINT REFERENCES ledger_transactions(id),
    checked_in_at BIGINT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    UNIQUE (event_id, code)
);
CREATE INDEX registrations_event ON registrations (event_id, status, created_at);
CREATE INDEX registrations_user ON registrations (user_id, event_id);
CREATE UNIQUE INDEX registrations_one_member ON registrations (event_id, user_id) WHERE status <> 'cancelled' AND user_id IS NOT NULL;
CREATE UNIQUE INDEX registrations_one_guest ON registrations (event_id, guest_email) WHERE status <> 'cancelled' AND guest_email IS NOT NULL;

CREATE TABLE event_sponsors (
    id              @ID,
    event_id        BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    package         TEXT NOT NULL,
    amount          BIGINT NOT NULL CHECK (amount >= 0),
    currency        TEXT NOT NULL REFERENCES resources(code),
    placement       TEXT NOT NULL DEFAULT 'listed' CHECK (placement IN ('headline', 'listed', 'thanks')),
    tx_id           BIGINT REFERENCES ledger_transactions(id),
    created_at      BIGINT NOT NULL
);

-- the shares posted when an event closed, for the statement and connectors' earnings
CREATE TABLE event_shares (
    event_id    BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    party       TEXT NOT NULL,                 -- organiser, host, cohosts, region, country, network
    account_id  BIGINT NOT NULL REFERENCES ledger_accounts(id),
    user_id     BIGINT REFERENCES users(id),  -- when the party is a person (the organiser)
    share       BIGINT NOT NULL,              -- basis points of the rule
    amount      BIGINT NOT NULL,
    currency    TEXT NOT NULL REFERENCES resources(code),
    tx_id       BIGINT REFERENCES ledger_transactions(id),
    PRIMARY KEY (event_id, party, account_id, currency)
);
CREATE INDEX event_shares_user ON event_shares (user_id);
