-- Events the projector could not apply (a poison event: undecodable, refused by the fold's
-- invariants, of an entity type the read model does not know), and the later events of their
-- entities, held back so that each entity stays in order while the rest of its partition goes on.
-- `./chronicle projector replay` applies them again from the journal and removes them.
CREATE TABLE dead_letters (
    id              BIGSERIAL   PRIMARY KEY,
    entity_type     TEXT        NOT NULL,
    entity_id       TEXT        NOT NULL,
    -- Null when the envelope itself could not be read.
    sequence_nr     BIGINT,
    partition       INTEGER     NOT NULL,
    -- Null for an event read from the journal (a gap repair), which has no place on the stream.
    stream_sequence BIGINT,
    event_type      TEXT,
    -- The message as it came (the feed's envelope, or the journal event in its form): text, since it may not be valid JSON.
    raw_event       TEXT        NOT NULL,
    error           TEXT        NOT NULL,
    quarantined_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A redelivered message is quarantined once (inserts are ON CONFLICT DO NOTHING).
    UNIQUE (entity_type, entity_id, sequence_nr),
    UNIQUE (partition, stream_sequence)
);
CREATE INDEX dead_letters_entity_idx ON dead_letters (partition, entity_type, entity_id);
