-- 019_webhooks.sql - webhooks (issue 16, point 6): endpoints that programs
-- register to hear of what happens in the network, and the durable queue of
-- the signed deliveries made to them (src/webhooks/).
--
-- An endpoint belongs to the network (chapter_id NULL: registered by an
-- administrator, it hears of every chapter) or to one chapter (registered by
-- its connectors, it hears only of that chapter). kinds lists the kinds of
-- event it wants, separated by spaces ("chapter.created meeting.scheduled").
-- secret is "whsec_" + base64 of 24 random bytes (the Standard Webhooks
-- format). failures counts the failed attempts since the last delivered one:
-- at WEBHOOK_DISABLE_AFTER the endpoint is disabled (is_enabled 0) with the
-- reason, until its owner enables it again.
CREATE TABLE webhook_endpoints (
    id              @ID,
    chapter_id      BIGINT REFERENCES chapters(id),
    url             TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    kinds           TEXT NOT NULL,
    secret          TEXT NOT NULL,
    is_enabled      INTEGER NOT NULL DEFAULT 1,
    failures        INTEGER NOT NULL DEFAULT 0,
    disabled_reason TEXT NOT NULL DEFAULT '',
    created_by      BIGINT NOT NULL REFERENCES users(id),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX webhook_endpoints_chapter ON webhook_endpoints (chapter_id, id);

-- One delivery per event and endpoint, inserted in the transaction that
-- changed what it tells about (webhook_emit). It moves queued -> sending (a
-- lease held by one sender until lease_until) -> delivered; or to retry
-- (next_at: not before) after a failed attempt; or to failed after the last
-- attempt of the schedule. msg_id is the webhook-id header, the same on every
-- attempt. body is the JSON sent, as it was when the event happened.
CREATE TABLE webhook_deliveries (
    id           @ID,
    endpoint_id  BIGINT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    msg_id       TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    body         TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'sending', 'retry', 'delivered', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      BIGINT NOT NULL,
    lease_owner  TEXT,
    lease_until  BIGINT,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    done_at      BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_at, id);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

-- Each attempt: when, how it ended (the HTTP status, or 0 and the error), how long it took.
CREATE TABLE webhook_attempts (
    id           @ID,
    delivery_id  BIGINT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    at           BIGINT NOT NULL,
    status_code  INTEGER NOT NULL DEFAULT 0,
    error        TEXT NOT NULL DEFAULT '',
    duration_ms  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
