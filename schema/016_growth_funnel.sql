-- 016_growth_funnel.sql - the formation funnel (issue 15, point 4): people
-- apply to start a chapter in a metro and sector, naming a second connector;
-- an administrator or a member of the committee of the metro (or of a place
-- above it, or the board) reviews; approval makes the chapter (forming); the
-- periodic work records its first meeting held, its being active 90 days or
-- more after that, and its closing (src/growth/funnel.c, funnel_tick.c).
--
-- (015 is kept for growth's targets.)
--
-- The steps are rows of their own, not columns of the application: each is a
-- dated fact written once (the primary key keeps one per stage), so a
-- meeting cancelled or a chapter changed later never rewrites when a stage
-- was reached, an application may leave the funnel at any stage (declined,
-- withdrawn, closed), and the report (growth_funnel in rules.c) reads one
-- kind of row whatever the stage.

CREATE TABLE growth_applications (
    id                   @ID,
    applicant_id         BIGINT NOT NULL REFERENCES users(id),
    metro_id             BIGINT NOT NULL REFERENCES places(id),
    sector_id            BIGINT NOT NULL REFERENCES sectors(id),
    name                 TEXT NOT NULL,                 -- the chapter's name, as proposed
    message              TEXT NOT NULL DEFAULT '',      -- why, for the reviewers and the second connector
    -- The second connector, named by e-mail address (lower-cased). Whether it
    -- belongs to an account is never looked up: approval sends the address an
    -- invitation to the chapter, the same way for everyone, and whoever takes
    -- it up is made a connector by the periodic work.
    second_email         TEXT NOT NULL,
    second_invitation_id BIGINT REFERENCES invitations(id),
    second_user_id       BIGINT REFERENCES users(id),   -- who took the invitation up
    status               TEXT NOT NULL DEFAULT 'applied'
                         CHECK (status IN ('applied', 'approved', 'declined', 'withdrawn')),
    chapter_id           BIGINT REFERENCES chapters(id),  -- made at approval
    reviewer_id          BIGINT REFERENCES users(id),
    review_note          TEXT NOT NULL DEFAULT '',
    reviewed_at          BIGINT,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    CHECK ((status = 'approved') = (chapter_id IS NOT NULL))
);
-- "My applications", newest first
CREATE INDEX growth_applications_applicant ON growth_applications (applicant_id, created_at);
-- the review queue (status 'applied', oldest first) and the periodic work (status 'approved')
CREATE INDEX growth_applications_status ON growth_applications (status, created_at);
-- a place's funnel (the metros below it), and one waiting application per applicant, metro and sector
CREATE INDEX growth_applications_metro ON growth_applications (metro_id, sector_id, status);

-- The dated steps of each application. `stage` is a stage of the funnel
-- (applied, approved, forming, first_meeting, active) or an exit (declined,
-- withdrawn, closed).
CREATE TABLE growth_funnel_steps (
    application_id  BIGINT NOT NULL REFERENCES growth_applications(id),
    stage           TEXT NOT NULL CHECK (stage IN ('applied', 'approved', 'forming', 'first_meeting', 'active',
                                                   'declined', 'withdrawn', 'closed')),
    at              BIGINT NOT NULL,
    PRIMARY KEY (application_id, stage)
);
