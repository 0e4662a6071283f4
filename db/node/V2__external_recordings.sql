-- Finished files from other recorders (BililiveRecorder, SRS, ZLMediaKit) enter the pipeline too.

-- Where an external file really is (absolute, never shown in events), and who sent it.
-- Recordings made by this node keep source_path NULL: their file is works_path/raw_path.
ALTER TABLE recording ADD COLUMN source_path VARCHAR(4096);
ALTER TABLE recording ADD COLUMN origin VARCHAR(16) DEFAULT 'recorder' NOT NULL;

-- Webhook event ids already taken in: senders retry, and a retry must change nothing.
CREATE TABLE webhook_event (
  event_id    VARCHAR(128) NOT NULL PRIMARY KEY,
  sender      VARCHAR(16)  NOT NULL,
  received_at TIMESTAMP WITH TIME ZONE NOT NULL
);
