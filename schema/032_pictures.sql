-- 032_pictures.sql - chapter photos, organisation logos and member avatars
-- (issue 20, point 8; docs/ARCHITECTURE.md, "Pictures").
--
-- A picture is kept in the database, not on a disk, so that SQLite, PostgreSQL
-- and its read replicas serve it without a shared file system. What is kept is
-- never what was sent: src/pictures/image.c decodes the upload and writes it
-- again as WebP (`bytes`: fit within 1024 px; `square`: a 256 px square
-- crop), so no metadata of the original survives.
--
-- owner_kind/owner_id: whose picture it is (a chapter, an organisation, a
-- member: users.id); one picture each. `token` is random and in the picture's
-- URL (/pictures/TOKEN.webp): a new picture gets a new token, so a URL names
-- one content for ever and may be cached as immutable.
CREATE TABLE pictures (
    id           @ID,
    owner_kind   TEXT NOT NULL CHECK (owner_kind IN ('chapter', 'organisation', 'member')),
    owner_id     BIGINT NOT NULL,
    token        TEXT NOT NULL UNIQUE,
    width        BIGINT NOT NULL,
    height       BIGINT NOT NULL,
    bytes        @BLOB NOT NULL,
    square       @BLOB NOT NULL,
    created_by   BIGINT REFERENCES users(id),
    created_at   BIGINT NOT NULL,
    UNIQUE (owner_kind, owner_id)
);
