-- Sharding (docs/operations.md, "Shards"): processes of different shards
-- run jobs side by side, each its own. A job belongs to the shard of the
-- process that stored it (which received the event, so owns its server),
-- and each shard has its own job epoch, so that one shard's runner
-- starting does not fence off another's claims. The one epoch of 00050
-- becomes shard 0's.

-- +goose Up
CREATE TABLE job_shard_epoch (
    shard INTEGER PRIMARY KEY,
    epoch INTEGER NOT NULL
) STRICT;
INSERT INTO job_shard_epoch (shard, epoch) SELECT 0, epoch FROM job_epoch;
DROP TABLE job_epoch;
ALTER TABLE jobs ADD COLUMN shard INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE jobs DROP COLUMN shard;
CREATE TABLE job_epoch (
    one   INTEGER PRIMARY KEY CHECK (one = 1),
    epoch INTEGER NOT NULL
) STRICT;
INSERT INTO job_epoch (one, epoch) SELECT 1, coalesce(max(epoch), 0) FROM job_shard_epoch;
DROP TABLE job_shard_epoch;
