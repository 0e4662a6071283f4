-- Event recording (Monibuca's event/start): an event's description and level, and the capture whose
-- file it joined when it came while another capture's file was being written (its file is that one).
ALTER TABLE capture ADD COLUMN description VARCHAR(1024);
ALTER TABLE capture ADD COLUMN level VARCHAR(32);
ALTER TABLE capture ADD COLUMN joined_to VARCHAR(36);
-- Monibuca's clients address recordings and events by number (uint32 ids): one each, given by H2.
ALTER TABLE recording ADD COLUMN num BIGINT AUTO_INCREMENT;
ALTER TABLE capture ADD COLUMN num BIGINT AUTO_INCREMENT;
-- Where a file goes in the storage when a path rule names it (record/$1/{date}/{time}), without its
-- extension; null: the usual <room>/<file>.
ALTER TABLE recording ADD COLUMN target_path VARCHAR(1024);
