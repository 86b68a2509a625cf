-- Webhook endpoints, their delivery log and dead letters (docs/WEBHOOKS.md). Operators' settings and
-- records, not derived from the feed: a rebuild of the read model leaves these tables alone.
CREATE TABLE webhook_endpoints (
    id          TEXT        PRIMARY KEY,
    url         TEXT        NOT NULL,
    -- Event type names without their schema version ("MoneyDeposited").
    event_types TEXT[]      NOT NULL CHECK (cardinality(event_types) > 0),
    -- "whsec_" + base64: the HMAC key, kept in clear because signing needs it (docs/SECURITY.md).
    secret      TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- The stream sequence up to which the endpoint's lane is done (delivered, dead-lettered, or not
    -- subscribed): the stream's end at registration, so an endpoint receives the events after it.
    checkpoint  BIGINT      NOT NULL CHECK (checkpoint >= 0)
);

-- Every attempt, the newest ones kept per endpoint (the lane prunes the rest).
CREATE TABLE webhook_attempts (
    id           BIGSERIAL   PRIMARY KEY,
    endpoint_id  TEXT        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    webhook_id   TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    account_id   TEXT        NOT NULL,
    version      BIGINT      NOT NULL,
    attempt      INTEGER     NOT NULL CHECK (attempt > 0),
    -- failed: another attempt follows; dead_lettered: the last attempt failed too.
    outcome      TEXT        NOT NULL CHECK (outcome IN ('delivered', 'failed', 'dead_lettered')),
    -- The receiver's status; null when there was no answer (refused, timed out, address refused).
    status_code  INTEGER,
    duration_ms  INTEGER     NOT NULL CHECK (duration_ms >= 0),
    error        TEXT,
    attempted_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX webhook_attempts_endpoint_idx ON webhook_attempts (endpoint_id, id DESC);

-- Events an endpoint never took: its last attempt failed. Written with that attempt's log row. The
-- body names the event (type, account_id, version): `payload::jsonb ->> 'type'`.
CREATE TABLE webhook_dead_letters (
    id               BIGSERIAL   PRIMARY KEY,
    endpoint_id      TEXT        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    webhook_id       TEXT        NOT NULL,
    stream_sequence  BIGINT      NOT NULL,
    -- The body exactly as it was sent (text: the bytes signed).
    payload          TEXT        NOT NULL,
    attempts         INTEGER     NOT NULL,
    last_error       TEXT        NOT NULL,
    dead_lettered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A lane restarted after the row was written and before its checkpoint moved writes it once.
    UNIQUE (endpoint_id, webhook_id)
);
