-- 018_account_tokens.sql - single-use links sent by e-mail (issue 16):
-- password resets and the confirmation of a guest's address.
--
-- Only the SHA-256 of a token is kept. A token serves one purpose: a 'reset'
-- token sets the password of user_id; a 'guest' token confirms the guest
-- registration registration_id. It works once (used_at) and until expires_at.
-- A reset asked for an address with no account leaves a row with no user_id:
-- the same work was done, and it opens nothing.
CREATE TABLE account_tokens (
    id              @ID,
    purpose         TEXT NOT NULL CHECK (purpose IN ('reset', 'guest')),
    token_hash      TEXT NOT NULL UNIQUE,
    user_id         BIGINT REFERENCES users(id) ON DELETE CASCADE,
    registration_id BIGINT REFERENCES registrations(id) ON DELETE CASCADE,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    used_at         BIGINT
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);
CREATE INDEX account_tokens_expiry ON account_tokens (expires_at);

-- A guest's registration waiting for the address to be confirmed holds its
-- place (a ticket or the waitlist) until this time; NULL once confirmed, and
-- for members. Past it, the periodic work cancels the registration.
ALTER TABLE registrations ADD COLUMN unverified_until BIGINT;
CREATE INDEX registrations_unverified ON registrations (unverified_until) WHERE unverified_until IS NOT NULL;
