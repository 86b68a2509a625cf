-- The indexes a rebuild's load dropped and has not yet built again (Rebuild/DeferredIndexes.cs): each row is the
-- statement that builds one again. Rows exist only between a load's start and its end; a projector that finds rows
-- (a load cut short) builds those indexes before any partition writes (docs/READ-MODEL.md, "Rebuild").
CREATE TABLE deferred_indexes (
    name        TEXT        PRIMARY KEY,
    table_name  TEXT        NOT NULL,
    restore_sql TEXT        NOT NULL,
    deferred_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
