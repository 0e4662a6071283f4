-- The master's own database. Flyway applies this at boot; jOOQ generates its classes from it
-- at build time (DDLDatabase), so this file is the only place the schema is written.

-- A room that must be recorded somewhere, with where it may go.
CREATE TABLE wanted_room (
  room_id      VARCHAR(64)   NOT NULL PRIMARY KEY,
  source_url   VARCHAR(4096) NOT NULL,
  options_json VARCHAR(8192) NOT NULL,
  pin_node     VARCHAR(64),                        -- only this node may record it
  pin_label    VARCHAR(64),                        -- only nodes carrying this label may record it
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Every node the master has heard from.
CREATE TABLE fleet_node (
  node_id       VARCHAR(64)   NOT NULL PRIMARY KEY,
  link_mode     VARCHAR(16)   NOT NULL,            -- cluster | forward | reverse
  http_address  VARCHAR(512),
  labels        VARCHAR(1024) NOT NULL,            -- comma-separated
  capacity      INT           NOT NULL,
  drained       BOOLEAN       NOT NULL,            -- takes nothing new; its rooms were moved off
  state         VARCHAR(16)   NOT NULL,            -- UP, DOWN, LEFT (stopped cleanly)
  last_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Where each wanted room is recorded now. The epoch grows with every placement of the room;
-- a node that still holds an older epoch of it must stop.
CREATE TABLE assignment (
  room_id     VARCHAR(64) NOT NULL PRIMARY KEY,
  node_id     VARCHAR(64) NOT NULL,
  epoch       BIGINT      NOT NULL,
  assigned_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The highest epoch ever handed out, so that epochs keep growing across restarts and removals.
CREATE TABLE epoch_counter (
  id         INT    NOT NULL PRIMARY KEY,
  last_epoch BIGINT NOT NULL
);
INSERT INTO epoch_counter (id, last_epoch) VALUES (1, 0);

-- What the master decided and saw: node up/down/left, rooms assigned and moved.
CREATE TABLE fleet_event (
  event_id    VARCHAR(36)   NOT NULL PRIMARY KEY,
  event_type  VARCHAR(32)   NOT NULL,
  at          TIMESTAMP WITH TIME ZONE NOT NULL,
  node_id     VARCHAR(64),
  room_id     VARCHAR(64),
  data_json   VARCHAR(4096) NOT NULL
);
CREATE INDEX fleet_event_at_idx ON fleet_event (at);
