-- Every recording of the fleet, as the nodes' events tell it (FileOpening, FileClosed, UpEnded,
-- RecordingEvicted): which node wrote it under which assignment epoch, when, and where it is
-- stored. After a failover one room's recordings sit on several nodes; this lists them all.
CREATE TABLE fleet_recording (
  recording_id   VARCHAR(64)   NOT NULL PRIMARY KEY,
  node_id        VARCHAR(64)   NOT NULL,
  room_id        VARCHAR(64)   NOT NULL,
  epoch          BIGINT,                             -- null: a node's own room, or a webhook sender's file
  state          VARCHAR(16)   NOT NULL,             -- WRITING, CLOSED, STORED, EVICTED
  raw_path       VARCHAR(1024),                      -- relative to the node's works folder
  opened_at      TIMESTAMP WITH TIME ZONE,
  last_write_at  TIMESTAMP WITH TIME ZONE,           -- the last packet written; null while writing
  stored_path    VARCHAR(1024),                      -- relative to the storage root, once stored
  file_size      BIGINT,
  duration_ms    BIGINT,
  cover_path     VARCHAR(1024),
  updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX fleet_recording_room_idx ON fleet_recording (room_id, opened_at);
