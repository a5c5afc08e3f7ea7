-- The order a peer question's mentors were pinged in (the rotation's) was
-- read from SQLite's rowid, which PostgreSQL has not: it is a column now,
-- each ping numbered after the question's last. Rows from before keep
-- their order (their rowid).

-- +goose Up
ALTER TABLE mentor_pings ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE mentor_pings SET seq = rowid;

-- +goose Down
ALTER TABLE mentor_pings DROP COLUMN seq;
