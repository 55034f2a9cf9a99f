-- 014_growth.sql - the network's figures over time (issue 15, M9): a row of
-- figures per day for the network, every place (country, region, metro),
-- every sector and every chapter, taken by the periodic work once the day is
-- over (src/growth/snapshot.c), and back-filled from history on the first run.
-- Dashboards, targets and lists read these rows, not the raw tables.
--
-- The counting rules are written for people in docs/GROWTH.md. In short: a
-- day is midnight to midnight UTC, `day` is its first second; stocks (chapters
-- by status, members, connectors, commons items) are as they stood at the end
-- of the day, flows (meetings held, answers, check-ins, events, tickets, what
-- was received) are what happened during it. A place counts the chapters of
-- its metros (and what the place itself hosts), a sector the chapters that
-- focus on it; a person in two chapters of a place is one member of it.

CREATE TABLE growth_days (
    scope_kind       TEXT NOT NULL CHECK (scope_kind IN ('network', 'place', 'sector', 'chapter')),
    scope_id         BIGINT NOT NULL,          -- the place, sector or chapter; 0 for the network
    day              BIGINT NOT NULL,          -- midnight UTC, Unix seconds
    -- chapters by status at the end of the day (a chapter's row has 1 in its own)
    chapters_forming BIGINT NOT NULL DEFAULT 0,
    chapters_active  BIGINT NOT NULL DEFAULT 0,
    chapters_dormant BIGINT NOT NULL DEFAULT 0,
    chapters_closed  BIGINT NOT NULL DEFAULT 0,
    -- people in at least one chapter of the scope, and those who became or stopped being so that day
    members          BIGINT NOT NULL DEFAULT 0,
    members_new      BIGINT NOT NULL DEFAULT 0,
    members_left     BIGINT NOT NULL DEFAULT 0,
    connectors       BIGINT NOT NULL DEFAULT 0,
    -- chapter meetings held that day: yes answers, people present, and those present who had been
    -- present at an earlier meeting of the same chapter
    meetings_held    BIGINT NOT NULL DEFAULT 0,
    rsvps_yes        BIGINT NOT NULL DEFAULT 0,
    checkins         BIGINT NOT NULL DEFAULT 0,
    checkins_returning BIGINT NOT NULL DEFAULT 0,
    -- events that took place that day (not cancelled), their tickets and check-ins
    events           BIGINT NOT NULL DEFAULT 0,
    tickets          BIGINT NOT NULL DEFAULT 0,
    event_checkins   BIGINT NOT NULL DEFAULT 0,
    -- the commons: items published and not withdrawn at the end of the day, uses recorded for that day
    items            BIGINT NOT NULL DEFAULT 0,
    item_uses        BIGINT NOT NULL DEFAULT 0,
    -- the "needs attention" rules (growth_risks in src/growth/rules.c), on the day taken at its end only:
    -- a chapter's row has at_risk 1 and the rules it breaks in risk_flags; other rows count the chapters
    at_risk          BIGINT NOT NULL DEFAULT 0,
    risk_flags       BIGINT NOT NULL DEFAULT 0,
    is_backfill      INTEGER NOT NULL DEFAULT 0,   -- rebuilt from history, not taken when the day ended
    taken_at         BIGINT NOT NULL,
    PRIMARY KEY (scope_kind, scope_id, day)
);
-- the rows of one day (the latest day, lists across chapters); a scope's series reads the primary key
CREATE INDEX growth_days_day ON growth_days (day, scope_kind, scope_id);

-- A person's history of membership, read for the people whose membership
-- changed on the days being taken (src/growth/store.c: MEMBER_CHANGES).
CREATE INDEX membership_events_user ON membership_events (user_id, at);

-- What the scope's books received that day from outside the network's units
-- (members and organisations: income and contributions, net of their
-- reversals), per resource: money per currency in minor units, hours in
-- minutes, goods and favours counted. A row only where something came in.
CREATE TABLE growth_received (
    scope_kind  TEXT NOT NULL CHECK (scope_kind IN ('network', 'place', 'sector', 'chapter')),
    scope_id    BIGINT NOT NULL,
    day         BIGINT NOT NULL,
    resource    TEXT NOT NULL REFERENCES resources(code),
    amount      BIGINT NOT NULL,
    PRIMARY KEY (scope_kind, scope_id, day, resource)
);

-- Working tables of one snapshot, filled and emptied inside its transaction
-- (which holds the growth lock, so no two snapshots share them).
-- The days being taken, with their ledger spelling (YYYY-MM-DD).
CREATE TABLE growth_work_days (
    day    BIGINT PRIMARY KEY,
    label  TEXT NOT NULL
);
-- What each chapter, place and the network count towards: a chapter towards
-- itself, its metro and the places above, its sector and the network; a place
-- towards itself, the places above and the network.
CREATE TABLE growth_work_scopes (
    of_kind     TEXT NOT NULL,
    of_id       BIGINT NOT NULL,
    scope_kind  TEXT NOT NULL,
    scope_id    BIGINT NOT NULL,
    PRIMARY KEY (of_kind, of_id, scope_kind, scope_id)
);
-- Changes of the stocks (by day; those before the first day taken are added
-- to it) and the flows, per scope and day, summed into growth_days at the end.
-- now_*: the chapters' statuses as they are, for the day taken at its end.
CREATE TABLE growth_work (
    scope_kind       TEXT NOT NULL,
    scope_id         BIGINT NOT NULL,
    day              BIGINT NOT NULL,
    chapters_forming BIGINT NOT NULL DEFAULT 0,
    chapters_active  BIGINT NOT NULL DEFAULT 0,
    chapters_dormant BIGINT NOT NULL DEFAULT 0,
    chapters_closed  BIGINT NOT NULL DEFAULT 0,
    now_forming      BIGINT NOT NULL DEFAULT 0,
    now_active       BIGINT NOT NULL DEFAULT 0,
    now_dormant      BIGINT NOT NULL DEFAULT 0,
    now_closed       BIGINT NOT NULL DEFAULT 0,
    members          BIGINT NOT NULL DEFAULT 0,
    members_new      BIGINT NOT NULL DEFAULT 0,
    members_left     BIGINT NOT NULL DEFAULT 0,
    connectors       BIGINT NOT NULL DEFAULT 0,
    meetings_held    BIGINT NOT NULL DEFAULT 0,
    rsvps_yes        BIGINT NOT NULL DEFAULT 0,
    checkins         BIGINT NOT NULL DEFAULT 0,
    checkins_returning BIGINT NOT NULL DEFAULT 0,
    events           BIGINT NOT NULL DEFAULT 0,
    tickets          BIGINT NOT NULL DEFAULT 0,
    event_checkins   BIGINT NOT NULL DEFAULT 0,
    items            BIGINT NOT NULL DEFAULT 0,
    item_uses        BIGINT NOT NULL DEFAULT 0,
    at_risk          BIGINT NOT NULL DEFAULT 0,
    risk_flags       BIGINT NOT NULL DEFAULT 0
);
