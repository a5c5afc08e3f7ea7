-- PostgreSQL's version of 00040_mentor_ping_order.sql: without the copy of
-- SQLite's rowid (a PostgreSQL database starts with this column).

-- +goose Up
ALTER TABLE mentor_pings ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE mentor_pings DROP COLUMN seq;
