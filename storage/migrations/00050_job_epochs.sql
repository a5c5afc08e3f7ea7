-- Fencing for active/standby (leader.go, jobs.go): each process that
-- becomes the job runner starts a new epoch, and a job claim records the
-- epoch that made it. A leader that lost its lock but has not noticed yet
-- can then claim nothing (its epoch is no longer the current one), and
-- the new leader releases the old epochs' claims, never its own.

-- +goose Up
CREATE TABLE job_epoch (
    one   INTEGER PRIMARY KEY CHECK (one = 1),
    epoch INTEGER NOT NULL
) STRICT;
INSERT INTO job_epoch (one, epoch) VALUES (1, 0);
ALTER TABLE jobs ADD COLUMN claimed_by INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE jobs DROP COLUMN claimed_by;
DROP TABLE job_epoch;
