-- Condition groups, the guidelines people accepted, and who is in which group.

-- +goose Up
CREATE TABLE conditions (
    id                INTEGER PRIMARY KEY,
    guild_id          TEXT NOT NULL,
    name              TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    category_id       TEXT NOT NULL,
    role_id           TEXT NOT NULL,
    mentor_role_id    TEXT NOT NULL,
    peer_channel_id   TEXT NOT NULL,
    office_channel_id TEXT NOT NULL,
    archived          INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL -- unix milliseconds
) STRICT;
-- Names are unique per server whatever their case, archived ones included.
CREATE UNIQUE INDEX conditions_guild_name ON conditions (guild_id, name COLLATE NOCASE);
CREATE INDEX conditions_peer_channel ON conditions (peer_channel_id);
CREATE INDEX conditions_office_channel ON conditions (office_channel_id);

-- One row per person and server: the newest guidelines version they accepted.
CREATE TABLE consents (
    guild_id    TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    version     INTEGER NOT NULL,
    accepted_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) STRICT;

CREATE TABLE memberships (
    guild_id     TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    condition_id INTEGER NOT NULL REFERENCES conditions (id),
    mentor       INTEGER NOT NULL DEFAULT 0,
    joined_at    INTEGER NOT NULL,
    PRIMARY KEY (condition_id, user_id)
) STRICT;
CREATE INDEX memberships_user ON memberships (guild_id, user_id);

-- +goose Down
DROP TABLE memberships;
DROP TABLE consents;
DROP TABLE conditions;
