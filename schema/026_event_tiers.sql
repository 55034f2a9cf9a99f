-- 026_event_tiers.sql - ticket tiers kept to members (issue 20).
--
-- A tier with is_members_only is given only to someone who is a member of a
-- chapter of the network: a guest, or a person logged in who is no chapter's
-- member, is neither offered it nor given it (src/events/rules.c, tier_open_to).
-- Formats say so in their tiers' JSON ("members_only": true; the form's line
-- "Members | 0 | members"), and an event copies it into its tiers.
ALTER TABLE ticket_tiers ADD COLUMN is_members_only INTEGER NOT NULL DEFAULT 0;

-- Tiers made before this were meant for members when they are called so: a
-- free "Members" tier was offered, pre-selected, to guests.
UPDATE ticket_tiers SET is_members_only = 1 WHERE lower(name) IN ('members', 'member', 'members only');
