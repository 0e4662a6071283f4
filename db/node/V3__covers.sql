-- Every stored recording gets a JPEG cover from its first keyframe: <cover_dir>/<room>/<file>.jpg
-- in the storage target.
ALTER TABLE recording ADD COLUMN cover_path VARCHAR(1024);
ALTER TABLE recording ADD COLUMN cover_bytes BIGINT;
