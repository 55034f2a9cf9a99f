-- 001_foundation.sql - accounts, the registry of places, sectors and chapters,
-- membership with invitations, join requests and the collaboration pledge,
-- and the e-mail outbox.
--
-- One dialect for SQLite and PostgreSQL: times are integer Unix seconds,
-- booleans are 0/1 integers named is_..., identity keys are written @ID.

CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE places (
    id          @ID,
    parent_id   BIGINT REFERENCES places(id),
    kind        TEXT NOT NULL CHECK (kind IN ('country', 'region', 'metro')),
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL UNIQUE,
    timezone    TEXT NOT NULL DEFAULT 'UTC',
    created_at  BIGINT NOT NULL
);
CREATE INDEX places_parent ON places (parent_id, name);

CREATE TABLE sectors (
    id          @ID,
    name        TEXT NOT NULL UNIQUE,
    slug        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id                  @ID,
    email               TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    password_hash       TEXT NOT NULL,
    is_admin            INTEGER NOT NULL DEFAULT 0,
    metro_id            BIGINT REFERENCES places(id),
    sector_id           BIGINT REFERENCES sectors(id),
    organisation        TEXT NOT NULL DEFAULT '',
    bio                 TEXT NOT NULL DEFAULT '',
    created_at          BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL
);
CREATE INDEX users_metro_sector ON users (metro_id, sector_id);
CREATE INDEX users_sector ON users (sector_id);
CREATE INDEX users_name ON users (name);

CREATE TABLE sessions (
    id           @ID,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           @ID,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    hint         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE pledges (
    version     BIGINT PRIMARY KEY,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    created_by  BIGINT REFERENCES users(id)
);

CREATE TABLE pledge_acceptances (
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    version     BIGINT NOT NULL REFERENCES pledges(version),
    accepted_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, version)
);

CREATE TABLE chapters (
    id          @ID,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    metro_id    BIGINT NOT NULL REFERENCES places(id),
    sector_id   BIGINT REFERENCES sectors(id),
    status      TEXT NOT NULL DEFAULT 'forming'
                CHECK (status IN ('forming', 'active', 'dormant', 'closed')),
    description TEXT NOT NULL DEFAULT '',
    capacity    BIGINT NOT NULL DEFAULT 12 CHECK (capacity BETWEEN 2 AND 500),
    sector_rule TEXT NOT NULL DEFAULT 'open' CHECK (sector_rule IN ('open', 'one_per_sector')),
    created_by  BIGINT REFERENCES users(id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX chapters_metro ON chapters (metro_id, status);
CREATE INDEX chapters_sector ON chapters (sector_id, status);

CREATE TABLE memberships (
    chapter_id  BIGINT NOT NULL REFERENCES chapters(id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'connector')),
    joined_at   BIGINT NOT NULL,
    PRIMARY KEY (chapter_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id, chapter_id);

-- Every change of membership, for the chapter's history and the growth figures.
CREATE TABLE membership_events (
    id          @ID,
    chapter_id  BIGINT NOT NULL REFERENCES chapters(id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('joined', 'left', 'removed', 'connector', 'stepped_down')),
    actor_id    BIGINT REFERENCES users(id),
    at          BIGINT NOT NULL
);
CREATE INDEX membership_events_chapter ON membership_events (chapter_id, at);

CREATE TABLE invitations (
    id          @ID,
    chapter_id  BIGINT NOT NULL REFERENCES chapters(id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    message     TEXT NOT NULL DEFAULT '',
    invited_by  BIGINT NOT NULL REFERENCES users(id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    accepted_at BIGINT,
    accepted_by BIGINT REFERENCES users(id),
    revoked_at  BIGINT
);
CREATE INDEX invitations_chapter ON invitations (chapter_id, created_at);

CREATE TABLE join_requests (
    id          @ID,
    chapter_id  BIGINT NOT NULL REFERENCES chapters(id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'declined', 'withdrawn')),
    created_at  BIGINT NOT NULL,
    decided_at  BIGINT,
    decided_by  BIGINT REFERENCES users(id),
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX join_requests_one_pending ON join_requests (chapter_id, user_id) WHERE status = 'pending';
CREATE INDEX join_requests_user ON join_requests (user_id);

CREATE TABLE outbox (
    id          @ID,
    kind        TEXT NOT NULL,
    to_email    TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    sent_at     BIGINT,
    attempts    BIGINT NOT NULL DEFAULT 0,
    last_error  TEXT
);
CREATE INDEX outbox_unsent ON outbox (sent_at, id);
