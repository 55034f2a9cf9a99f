-- 009_governance.sql - governance (issue 12): matters raised in chapters and
-- escalated along the network's density, steering committees and the board,
-- proposals and polls with delegation, elections by secret ballot, and the
-- decision records they leave.
--
-- Secrecy of the ballot is a property of this schema: gov_ballots has no
-- column that names, dates or orders a voter (no user, no time; its id is not
-- published), and who may vote and who has voted (gov_electorate) is kept
-- apart from what was voted, with no time either.

-- A steering committee: one per place that is dense enough (made when first
-- needed, or by an administrator to bootstrap), and the board (place_id NULL).
CREATE TABLE gov_committees (
    id            @ID,
    place_id      BIGINT UNIQUE REFERENCES places(id),
    level         TEXT NOT NULL CHECK (level IN ('metro', 'region', 'country', 'board')),
    seats         BIGINT NOT NULL DEFAULT 5 CHECK (seats BETWEEN 1 AND 99),
    term_months   BIGINT NOT NULL DEFAULT 24 CHECK (term_months BETWEEN 1 AND 120),
    chair_id      BIGINT REFERENCES users(id),
    created_at    BIGINT NOT NULL,
    CHECK ((level = 'board') = (place_id IS NULL))
);
CREATE UNIQUE INDEX gov_committees_board ON gov_committees (level) WHERE level = 'board';

-- Who sits on a committee, since when and until when; a seat that ended keeps
-- its row (ended_at) for the record.
CREATE TABLE gov_committee_members (
    id            @ID,
    committee_id  BIGINT NOT NULL REFERENCES gov_committees(id),
    user_id       BIGINT NOT NULL REFERENCES users(id),
    source        TEXT NOT NULL CHECK (source IN ('elected', 'appointed')),
    election_id   BIGINT,
    since         BIGINT NOT NULL,
    term_ends_at  BIGINT NOT NULL,
    ended_at      BIGINT
);
CREATE INDEX gov_committee_members_committee ON gov_committee_members (committee_id, ended_at);
CREATE INDEX gov_committee_members_user ON gov_committee_members (user_id, ended_at);

-- A matter raised in a chapter. title and body stay in the chapter; only the
-- summary the raiser approved (summary_title, summary) travels to committees.
CREATE TABLE gov_matters (
    id                  @ID,
    chapter_id          BIGINT NOT NULL REFERENCES chapters(id),
    raised_by           BIGINT NOT NULL REFERENCES users(id),
    kind                TEXT NOT NULL CHECK (kind IN ('conflict', 'rule', 'resources', 'proposal')),
    title               TEXT NOT NULL,
    body                TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'open'
                        CHECK (status IN ('open', 'resolved', 'escalated', 'decided', 'withdrawn')),
    resolution          TEXT NOT NULL DEFAULT '',
    summary_title       TEXT NOT NULL DEFAULT '',
    summary             TEXT NOT NULL DEFAULT '',
    summary_by          BIGINT REFERENCES users(id),
    summary_approved_at BIGINT,
    committee_id        BIGINT REFERENCES gov_committees(id),
    escalated_at        BIGINT,
    closed_at           BIGINT,
    decision_id         BIGINT,          -- the record that settled it (gov_decisions, made below)
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX gov_matters_chapter ON gov_matters (chapter_id, status, created_at);
CREATE INDEX gov_matters_committee ON gov_matters (committee_id, status, escalated_at);

-- What happened to a matter. scope 'chapter': seen in the chapter only;
-- 'committee': seen by the committees it reached and by the chapter.
CREATE TABLE gov_matter_steps (
    id            @ID,
    matter_id     BIGINT NOT NULL REFERENCES gov_matters(id),
    scope         TEXT NOT NULL CHECK (scope IN ('chapter', 'committee')),
    action        TEXT NOT NULL,
    committee_id  BIGINT REFERENCES gov_committees(id),
    actor_id      BIGINT REFERENCES users(id),
    note          TEXT NOT NULL DEFAULT '',
    at            BIGINT NOT NULL
);
CREATE INDEX gov_matter_steps_matter ON gov_matter_steps (matter_id, id);
-- When the chapters last changed (every change of a chapter's status or city
-- sets updated_at): the chapter page keeps its escalation path in memory
-- until then, one index lookup instead of the path's counts on every view.
CREATE INDEX gov_chapters_changed ON chapters (updated_at);

-- A proposal or a poll, in a chapter (its members vote) or a committee (its
-- members vote); optionally about a matter.
CREATE TABLE gov_polls (
    id            @ID,
    chapter_id    BIGINT REFERENCES chapters(id),
    committee_id  BIGINT REFERENCES gov_committees(id),
    matter_id     BIGINT REFERENCES gov_matters(id),
    kind          TEXT NOT NULL CHECK (kind IN ('proposal', 'single', 'approval', 'score', 'ranked', 'dots')),
    title         TEXT NOT NULL,
    body          TEXT NOT NULL DEFAULT '',
    score_max     BIGINT NOT NULL DEFAULT 5 CHECK (score_max BETWEEN 1 AND 100),
    dots          BIGINT NOT NULL DEFAULT 10 CHECK (dots BETWEEN 1 AND 1000),
    quorum_pct    BIGINT NOT NULL DEFAULT 0 CHECK (quorum_pct BETWEEN 0 AND 100),
    is_anonymous  INTEGER NOT NULL DEFAULT 0,
    opens_at      BIGINT NOT NULL,
    closes_at     BIGINT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    outcome       TEXT NOT NULL DEFAULT '',
    review_at     BIGINT,
    created_by    BIGINT NOT NULL REFERENCES users(id),
    created_at    BIGINT NOT NULL,
    closed_at     BIGINT,
    reminded_at   BIGINT,            -- when "closes tomorrow" was sent
    decision_id   BIGINT,            -- the decision record its close wrote (gov_decisions, below)
    CHECK ((chapter_id IS NULL) <> (committee_id IS NULL)),
    CHECK (closes_at > opens_at)
);
CREATE INDEX gov_polls_chapter ON gov_polls (chapter_id, status, closes_at);
CREATE INDEX gov_polls_committee ON gov_polls (committee_id, status, closes_at);
CREATE INDEX gov_polls_closing ON gov_polls (status, closes_at);

CREATE TABLE gov_poll_options (
    poll_id   BIGINT NOT NULL REFERENCES gov_polls(id),
    position  BIGINT NOT NULL,
    label     TEXT NOT NULL,
    PRIMARY KEY (poll_id, position)
);

-- A vote in a poll (named or anonymous: an anonymous poll never shows who
-- voted what, but the server keeps it, so that a vote can be changed and a
-- direct vote can override a delegate's). value is JSON: a position of a
-- proposal, or the choices / scores / ranking / dots of a poll.
CREATE TABLE gov_votes (
    poll_id     BIGINT NOT NULL REFERENCES gov_polls(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    value       TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    cast_at     BIGINT NOT NULL,
    carried     BIGINT NOT NULL DEFAULT 0,   -- votes given to this voter by delegation, counted with it at the close
    PRIMARY KEY (poll_id, user_id)
);

-- A member gives their vote in one body (a chapter or a committee) to another
-- member: for one poll (poll_id) or for every poll until revoked.
CREATE TABLE gov_delegations (
    id            @ID,
    chapter_id    BIGINT REFERENCES chapters(id),
    committee_id  BIGINT REFERENCES gov_committees(id),
    poll_id       BIGINT REFERENCES gov_polls(id),
    from_id       BIGINT NOT NULL REFERENCES users(id),
    to_id         BIGINT NOT NULL REFERENCES users(id),
    created_at    BIGINT NOT NULL,
    revoked_at    BIGINT,
    CHECK ((chapter_id IS NULL) <> (committee_id IS NULL)),
    CHECK (from_id <> to_id)
);
CREATE INDEX gov_delegations_from ON gov_delegations (from_id, revoked_at);
CREATE INDEX gov_delegations_to ON gov_delegations (to_id, revoked_at);
CREATE INDEX gov_delegations_chapter ON gov_delegations (chapter_id, revoked_at);
CREATE INDEX gov_delegations_committee ON gov_delegations (committee_id, revoked_at);

-- An election for a committee's seats (or the board's: its committee is the
-- board). Counted by STV (ranked ballots, several seats) or approval.
CREATE TABLE gov_elections (
    id                  @ID,
    committee_id        BIGINT NOT NULL REFERENCES gov_committees(id),
    title               TEXT NOT NULL,
    method              TEXT NOT NULL CHECK (method IN ('stv', 'approval')),
    seats               BIGINT NOT NULL CHECK (seats BETWEEN 1 AND 99),
    status              TEXT NOT NULL DEFAULT 'nominating'
                        CHECK (status IN ('nominating', 'voting', 'closed', 'cancelled')),
    nominations_close_at BIGINT NOT NULL,
    closes_at           BIGINT NOT NULL,
    opened_at           BIGINT,
    closed_at           BIGINT,
    electorate_size     BIGINT NOT NULL DEFAULT 0,
    box                 TEXT,            -- the published ballot box (JSON), signed; NULL until closed
    box_head            TEXT NOT NULL DEFAULT '',
    box_signature       TEXT NOT NULL DEFAULT '',   -- the head's signature as in the box: {message, signature, public_key, algorithm}
    result              TEXT,            -- the count, round by round (JSON)
    reminded_at         BIGINT,          -- when "voting closes tomorrow" was sent
    created_by          BIGINT NOT NULL REFERENCES users(id),
    created_at          BIGINT NOT NULL,
    stalled_at          BIGINT           -- when the administrators were told that nominations closed with too few candidates
);
CREATE INDEX gov_elections_committee ON gov_elections (committee_id, status);
CREATE INDEX gov_elections_status ON gov_elections (status, closes_at);
-- A published box, its head and its count are never changed (nor is an election deleted).
@FREEZE(gov_elections.published: OLD.box IS NULL OR (NEW.box = OLD.box AND NEW.box_head = OLD.box_head AND NEW.box_signature = OLD.box_signature AND NEW.result = OLD.result AND NEW.status = OLD.status));

CREATE TABLE gov_candidates (
    election_id   BIGINT NOT NULL REFERENCES gov_elections(id),
    user_id       BIGINT NOT NULL REFERENCES users(id),
    nominated_by  BIGINT NOT NULL REFERENCES users(id),
    statement     TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'nominated'
                  CHECK (status IN ('nominated', 'accepted', 'declined', 'withdrawn')),
    position      BIGINT,            -- its number on the ballot, fixed when voting opens
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (election_id, user_id)
);

-- Who may vote in an election (frozen when voting opens) and whether they have.
CREATE TABLE gov_electorate (
    election_id  BIGINT NOT NULL REFERENCES gov_elections(id),
    user_id      BIGINT NOT NULL REFERENCES users(id),
    has_voted    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (election_id, user_id)
);
CREATE INDEX gov_electorate_user ON gov_electorate (user_id);
-- Nobody is taken off an electorate, and a vote is never "unvoted".
@FREEZE(gov_electorate.once: OLD.election_id = NEW.election_id AND OLD.user_id = NEW.user_id AND NEW.has_voted >= OLD.has_voted);

-- The ballots: no voter, no time. tracker is the random name its voter was
-- shown; choice is the ranking (or the approved candidates) as JSON positions.
-- Ids are drawn at random, so that the order of the rows is not the order of voting.
CREATE TABLE gov_ballots (
    id           @ID,
    election_id  BIGINT NOT NULL REFERENCES gov_elections(id),
    tracker      TEXT NOT NULL UNIQUE,
    choice       TEXT NOT NULL
);
CREATE INDEX gov_ballots_election ON gov_ballots (election_id, tracker);
@FREEZE(gov_ballots.cast: OLD.election_id = NEW.election_id AND OLD.tracker = NEW.tracker AND OLD.choice = NEW.choice);

-- What a closed proposal, poll, election or matter decided: never changed.
CREATE TABLE gov_decisions (
    id            @ID,
    committee_id  BIGINT REFERENCES gov_committees(id),
    chapter_id    BIGINT REFERENCES chapters(id),
    place_id      BIGINT REFERENCES places(id),
    matter_id     BIGINT REFERENCES gov_matters(id),
    source        TEXT NOT NULL CHECK (source IN ('proposal', 'poll', 'election', 'matter')),
    source_id     BIGINT NOT NULL,
    title         TEXT NOT NULL,
    statement     TEXT NOT NULL,
    counts        TEXT NOT NULL DEFAULT '{}',
    opened_at     BIGINT,
    decided_at    BIGINT NOT NULL,
    review_at     BIGINT,
    created_by    BIGINT REFERENCES users(id)
);
CREATE INDEX gov_decisions_committee ON gov_decisions (committee_id, decided_at);
CREATE INDEX gov_decisions_chapter ON gov_decisions (chapter_id, decided_at);
CREATE INDEX gov_decisions_place ON gov_decisions (place_id, decided_at);
CREATE INDEX gov_decisions_decided ON gov_decisions (decided_at);
@FREEZE(gov_decisions.record: 1 = 0);
