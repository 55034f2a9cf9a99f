-- 002_meetings.sql - the monthly rhythm of a chapter and what is said in its
-- meetings: the recurrence, meetings, answers (RSVP), attendance, the rounds
-- (one success and one challenge per member), the stories that answer a
-- challenge, and commitments.
--
-- What is said here is readable only by the chapter's members (see
-- src/meetings/); network administrators see counts.

CREATE TABLE meeting_series (
    chapter_id       BIGINT PRIMARY KEY REFERENCES chapters(id) ON DELETE CASCADE,
    rrule            TEXT NOT NULL,           -- RFC 5545, e.g. FREQ=MONTHLY;BYDAY=2TU
    first_local      TEXT NOT NULL,           -- the first occurrence in local time, 20260113T080000
    timezone         TEXT NOT NULL,           -- IANA name
    duration_minutes BIGINT NOT NULL DEFAULT 120,
    venue            TEXT NOT NULL DEFAULT '',
    online_url       TEXT NOT NULL DEFAULT '',
    updated_at       BIGINT NOT NULL
);

CREATE TABLE meetings (
    id            @ID,
    chapter_id    BIGINT NOT NULL REFERENCES chapters(id) ON DELETE CASCADE,
    occurrence    TEXT,                       -- the series occurrence it stands for; NULL when added by hand
    starts_at     BIGINT NOT NULL,
    ends_at       BIGINT NOT NULL,
    timezone      TEXT NOT NULL,
    venue         TEXT NOT NULL DEFAULT '',
    online_url    TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled', 'held')),
    phase         TEXT NOT NULL DEFAULT 'planned'
                  CHECK (phase IN ('planned', 'checkin', 'successes', 'challenges', 'commitments', 'closed')),
    opened_at     BIGINT,
    closed_at     BIGINT,
    sequence      BIGINT NOT NULL DEFAULT 0,  -- iCalendar SEQUENCE: grows when the meeting moves or is cancelled
    version       BIGINT NOT NULL DEFAULT 0,  -- grows with every change the room sees (live updates)
    reminded_at   BIGINT,
    summarised_at BIGINT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (chapter_id, occurrence)
);
CREATE INDEX meetings_chapter_start ON meetings (chapter_id, starts_at);
CREATE INDEX meetings_start ON meetings (starts_at, status);

CREATE TABLE rsvps (
    meeting_id  BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    answer      TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'maybe')),
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX rsvps_user ON rsvps (user_id, meeting_id);

CREATE TABLE attendance (
    meeting_id  BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    is_present  INTEGER NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX attendance_user ON attendance (user_id, meeting_id);

CREATE TABLE rounds (
    id          @ID,
    meeting_id  BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('success', 'challenge')),
    body        TEXT NOT NULL,
    is_shared   INTEGER NOT NULL DEFAULT 0,   -- its author consents to share it, anonymised, with the network
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (meeting_id, user_id, kind)
);
CREATE INDEX rounds_shared ON rounds (is_shared, created_at);

CREATE TABLE stories (
    id          @ID,
    round_id    BIGINT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    is_flagged  INTEGER NOT NULL DEFAULT 0,   -- read as a directive by the heuristic, posted anyway
    created_at  BIGINT NOT NULL
);
CREATE INDEX stories_round ON stories (round_id, created_at);

CREATE TABLE commitments (
    id                @ID,
    chapter_id        BIGINT NOT NULL REFERENCES chapters(id) ON DELETE CASCADE,
    meeting_id        BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    user_id           BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body              TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    created_at        BIGINT NOT NULL,
    closed_at         BIGINT,
    closed_meeting_id BIGINT REFERENCES meetings(id) ON DELETE SET NULL
);
CREATE INDEX commitments_chapter ON commitments (chapter_id, status, created_at);

-- the absence rule of each chapter: more than `absence_limit` absences within
-- `absence_window_days` flags a member to the connectors
ALTER TABLE chapters ADD COLUMN absence_limit BIGINT NOT NULL DEFAULT 3;
ALTER TABLE chapters ADD COLUMN absence_window_days BIGINT NOT NULL DEFAULT 182;
-- bumping it changes the secret address of a member's personal calendar feed
ALTER TABLE users ADD COLUMN calendar_key BIGINT NOT NULL DEFAULT 0;
