-- The event store this read model is projected from (its event_store_identity id): recorded by the projector the
-- first time it runs on an empty or older read model, cleared by a rebuild. A projector whose event store is
-- another refuses to apply anything (docs/READ-MODEL.md, "Which event store a read model belongs to").
CREATE TABLE read_model_source (
    singleton      BOOLEAN     PRIMARY KEY DEFAULT true CHECK (singleton),
    event_store_id UUID        NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
