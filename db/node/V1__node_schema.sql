-- The node's own database. Flyway applies this at boot; jOOQ generates its classes from it
-- at build time (DDLDatabase), so this file is the only place the schema is written.

-- A room the node records: a live source and its per-room options (JSON).
CREATE TABLE room (
  room_id      VARCHAR(64)   NOT NULL PRIMARY KEY,
  source_url   VARCHAR(4096) NOT NULL,
  kind         VARCHAR(16)   NOT NULL,             -- live | external (webhook-fed)
  state        VARCHAR(16)   NOT NULL,             -- ACTIVE, or FINISHED once a finite source (a file) ended
  options_json VARCHAR(8192) NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Rooms that may never be added (NGlive's 4033). Config entries are merged in at boot.
CREATE TABLE blacklist (
  room_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
  reason     VARCHAR(512) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One recorded segment and where it is in the pipeline.
CREATE TABLE recording (
  recording_id   VARCHAR(36)   NOT NULL PRIMARY KEY,
  room_id        VARCHAR(64)   NOT NULL,
  session_id     VARCHAR(36)   NOT NULL,
  seq            INT           NOT NULL,
  base_name      VARCHAR(255)  NOT NULL,             -- file name without extension, unique per room
  raw_path       VARCHAR(1024) NOT NULL,             -- relative to works_path
  state          VARCHAR(16)   NOT NULL,             -- RECORDING, RECORDED, TRANSCODED, STORED, FAILED
  started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at       TIMESTAMP WITH TIME ZONE,
  raw_bytes      BIGINT,
  duration_ms    BIGINT,
  output_path    VARCHAR(1024),                      -- relative to works_path, the transcoded file
  output_bytes   BIGINT,
  stored_path    VARCHAR(1024),                      -- <room>/<file> in the storage target
  stored_bytes   BIGINT,
  last_error     VARCHAR(2048)
);
CREATE INDEX recording_room_idx ON recording (room_id, started_at);

-- The durable hand-off between stages: the bus message is a nudge, this row is the truth.
CREATE TABLE job (
  job_id        BIGINT        AUTO_INCREMENT PRIMARY KEY,
  recording_id  VARCHAR(36)   NOT NULL,
  stage         VARCHAR(16)   NOT NULL,             -- TRANSCODE, UPLOAD, NOTIFY
  state         VARCHAR(16)   NOT NULL,             -- PENDING, RUNNING, DONE, FAILED
  attempts      INT           NOT NULL,
  next_try_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  lease_until   TIMESTAMP WITH TIME ZONE,
  last_error    VARCHAR(2048),
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT job_once_per_stage UNIQUE (recording_id, stage)
);
CREATE INDEX job_ready_idx ON job (stage, state, next_try_at);
