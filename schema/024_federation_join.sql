-- 024_federation_join.sql - guests from the fediverse, and what federation
-- remembers of remote servers (issue 17; src/federation/join.c, deliver.c).
--
-- A remote actor's Join of a public event is a guest registration with no
-- e-mail: remote_actor is the actor's id (its contact), remote_host its
-- server, remote_join the id of the Join (an Undo names it). One live
-- registration per actor and event, as for members and guests by e-mail.
ALTER TABLE registrations ADD COLUMN remote_actor TEXT;
ALTER TABLE registrations ADD COLUMN remote_host TEXT;
ALTER TABLE registrations ADD COLUMN remote_join TEXT;
CREATE UNIQUE INDEX registrations_one_remote ON registrations (event_id, remote_actor)
    WHERE status <> 'cancelled' AND remote_actor IS NOT NULL;
CREATE INDEX registrations_remote_join ON registrations (remote_join) WHERE remote_join IS NOT NULL;

-- A remote actor's display name (its "name"; preferred_name is its handle).
ALTER TABLE fed_remote_actors ADD COLUMN display_name TEXT NOT NULL DEFAULT '';

-- The signature scheme a remote server takes: deliveries are signed in RFC
-- 9421 first; a server that refuses it (401 or 400) and takes the same
-- activity signed in draft-cavage is remembered here as 'cavage', so the next
-- delivery to it is signed that way at once ("double-knocking").
CREATE TABLE fed_remote_servers (
    host            TEXT NOT NULL PRIMARY KEY,
    sig_scheme      TEXT NOT NULL CHECK (sig_scheme IN ('rfc9421', 'cavage')),
    updated_at      BIGINT NOT NULL
);
