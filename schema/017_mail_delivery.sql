-- 017_mail_delivery.sql - the outbox becomes a delivery queue (issue 16).
--
-- A message moves queued -> sending (a lease held by one sender until
-- lease_until) -> sent; or back to retry (next_at: not before) after a
-- temporary failure; or dead with its reason. A message's Message-ID is made
-- from its id and the node's secret, so a retry carries the same one.
-- html_body is the HTML alternative of the text body (NULL: text only);
-- headers holds extra header lines ("List-Unsubscribe: <...>", CRLF-free,
-- one per line) the sender adds as they are; user_id is the reader's account
-- when the message was written for one.
ALTER TABLE outbox ADD COLUMN status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sending', 'retry', 'sent', 'dead'));
ALTER TABLE outbox ADD COLUMN next_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
ALTER TABLE outbox ADD COLUMN lease_until BIGINT;
ALTER TABLE outbox ADD COLUMN html_body TEXT;
ALTER TABLE outbox ADD COLUMN headers TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN user_id BIGINT;
UPDATE outbox SET status = 'sent' WHERE sent_at IS NOT NULL;
DROP INDEX outbox_unsent;
CREATE INDEX outbox_due ON outbox (status, next_at, id);
