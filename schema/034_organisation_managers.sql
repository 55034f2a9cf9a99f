-- 034_organisation_managers.sql - the members who manage an organisation
-- (issue 20; docs/ARCHITECTURE.md, "The books", Organisations and their managers).
--
-- An organisation (a sponsor, a venue, a supplier) was run by the network's
-- administrators alone. Its managers may now edit its profile and its logo and
-- add or remove other managers; administrators add and remove them too. One
-- row per manager: who added them (NULL once that account is gone) and when.
-- A member manages an organisation once (the unique pair); the rule that a
-- manager may not remove the last one is the operation's (src/ledger/rules.c).
CREATE TABLE organisation_managers (
    id               @ID,
    organisation_id  BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id          BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    added_by         BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at       BIGINT NOT NULL,
    UNIQUE (organisation_id, user_id)
);
-- a member's page and home: the organisations they manage
CREATE INDEX organisation_managers_user ON organisation_managers (user_id);
