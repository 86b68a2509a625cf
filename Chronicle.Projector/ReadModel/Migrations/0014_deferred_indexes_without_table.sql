-- A deferred index's table is named in its restore statement; nothing read the separate column (0013).
ALTER TABLE deferred_indexes DROP COLUMN table_name;
