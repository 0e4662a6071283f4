-- What on-demand rooms were asked to record (a precise start, later tasks and events) and what
-- became of it. The window a capture opens is written to one file or more (a split, a source that
-- dropped and came back); each names its capture, and the first takes the capture's id as its own,
-- so a caller that chose the id reads the file under it.
CREATE TABLE capture (
  capture_id      VARCHAR(36)   NOT NULL PRIMARY KEY,
  room_id         VARCHAR(64)   NOT NULL,
  kind            VARCHAR(16)   NOT NULL,             -- PRECISE (POST /api/recordings/start)
  state           VARCHAR(16)   NOT NULL,             -- RECORDING, ENDED
  requested_start TIMESTAMP WITH TIME ZONE NOT NULL,  -- the time asked for (now, if none was)
  started_at      TIMESTAMP WITH TIME ZONE NOT NULL,  -- when the buffered keyframe it starts at arrived
  ends_at         TIMESTAMP WITH TIME ZONE,           -- null: until stopped
  ended_at        TIMESTAMP WITH TIME ZONE,
  stop_reason     VARCHAR(32),                        -- duration, manual, restart, room_stopped
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX capture_room_idx ON capture (room_id, created_at);

ALTER TABLE recording ADD COLUMN capture_id VARCHAR(36);
