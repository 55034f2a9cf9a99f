-- 020_mail_preferences.sql - what each member wants to hear by mail, and in
-- which time zone (issue 16, points 3 and 4).
--
-- users.timezone: the zone a reader's mail writes times in (IANA name); NULL
-- means the zone of their home metro, else UTC.
-- mail_preferences: one row per member and category they changed from the
-- default ('now': each message at once); 'digest' keeps the messages for the
-- day's digest, 'off' drops them. Invitations and security mail have no
-- category here: they are always sent.
-- mail_digest_items: messages kept for a reader's digest until it is written
-- (digest_day: the reader's local day of the digest that carried it).
-- mail_digests: one row per reader and local day a digest was written, so
-- the tick writes at most one a day, whoever runs it.
ALTER TABLE users ADD COLUMN timezone TEXT;

CREATE TABLE mail_preferences (
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    category    TEXT NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('now', 'digest', 'off')),
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, category)
);

CREATE TABLE mail_digest_items (
    id          @ID,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    category    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    digest_day  TEXT
);
CREATE INDEX mail_digest_items_waiting ON mail_digest_items (digest_day, user_id, id);

CREATE TABLE mail_digests (
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day         TEXT NOT NULL,
    items       INTEGER NOT NULL,
    sent_at     BIGINT NOT NULL,
    PRIMARY KEY (user_id, day)
);
