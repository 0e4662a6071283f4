-- A capture's own name (camera.py's task_name) and the base name its first file takes
-- ({camera}_{task}_{Y-m-d_H-M-S} for a camera task), so the file is named as its users expect.
ALTER TABLE capture ADD COLUMN name VARCHAR(128);
ALTER TABLE capture ADD COLUMN file_base VARCHAR(255);
CREATE INDEX capture_name_idx ON capture (room_id, name, created_at);
