-- 030_imports.sql - imports from CSV (issue 20, point 9; src/imports/).
--
-- An upload is read and checked at once; what it would import waits here
-- between the preview and the confirmation, so nothing lies around in files.
-- kind 'members': into chapter_id (its connectors or an administrator);
-- 'chapters': the network's (administrators; chapter_id NULL). accepted holds the
-- accepted rows as a JSON array, refused the refused ones with their line and
-- reason; both are read only by the one who uploaded them (created_by).
-- A waiting import expires after an hour; once confirmed (done_at), accepted is
-- emptied and the counts are kept for its report until expires_at, a day
-- later. The imports' tick forgets what expired.
CREATE TABLE imports (
    id          @ID,
    kind        TEXT NOT NULL CHECK (kind IN ('members', 'chapters')),
    chapter_id  BIGINT REFERENCES chapters(id) ON DELETE CASCADE,
    created_by  BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    format      TEXT NOT NULL,
    filename    TEXT NOT NULL DEFAULT '',
    total       BIGINT NOT NULL,
    accepted    TEXT NOT NULL,
    refused     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    done_at     BIGINT,
    imported    BIGINT NOT NULL DEFAULT 0,
    skipped     BIGINT NOT NULL DEFAULT 0,
    invited     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX imports_expires ON imports (expires_at);
CREATE INDEX imports_owner ON imports (created_by, id);
