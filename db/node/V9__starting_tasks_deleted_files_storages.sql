-- A camera task asked for while its camera sends no picture yet waits as STARTING, with no start
-- until the camera's first keyframe arrives; it outlasts a restart like any task.
ALTER TABLE capture ALTER COLUMN started_at DROP NOT NULL;
-- When the file a capture recorded was deleted on request (DELETE /api/recordings/{id}, Monibuca's
-- delete): the capture then reads as done with its file gone, not as a capture that recorded nothing.
ALTER TABLE capture ADD COLUMN files_deleted_at TIMESTAMP WITH TIME ZONE;
-- Which of the node's storages a recording goes to (local, webdav), when its room or its path rule
-- names one; null: the node's [UPLOAD] target.
ALTER TABLE recording ADD COLUMN storage VARCHAR(16);
