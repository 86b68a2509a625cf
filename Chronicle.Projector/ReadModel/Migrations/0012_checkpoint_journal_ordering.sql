-- Where in the journal a partition's checkpoint stands: the highest journal ordering it has applied from the stream.
-- A partition whose checkpoint the stream's retention passed reads the events it missed from the journal, from here up
-- to the stream's first message (docs/READ-MODEL.md, "Behind the stream's retention"). 0: not known, read from the start.
ALTER TABLE projector_checkpoint ADD COLUMN journal_ordering bigint NOT NULL DEFAULT 0;
