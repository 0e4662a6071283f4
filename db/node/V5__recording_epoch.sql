-- The assignment epoch a file was written under (a room held from the master); null for the
-- node's own rooms and for files from webhook senders. Two files of one room with different
-- epochs written at the same time are an overlap the master reports (RecordingOverlap).
ALTER TABLE recording ADD COLUMN epoch BIGINT;
