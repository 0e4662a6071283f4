-- A room held from the master carries the epoch of its assignment; a room the node was given
-- through its own API has none. Held rooms are resumed only when the master confirms them.
ALTER TABLE room ADD COLUMN epoch BIGINT;
