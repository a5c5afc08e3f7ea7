-- Each server's settings, written by /setup. Empty strings mean "not set";
-- commands that need a setting say which one is missing.

-- +goose Up
CREATE TABLE guild_settings (
    guild_id          TEXT PRIMARY KEY,
    moderator_role_id TEXT NOT NULL DEFAULT '',
    clinician_role_id TEXT NOT NULL DEFAULT '',
    review_channel_id TEXT NOT NULL DEFAULT '',
    alert_channel_id  TEXT NOT NULL DEFAULT '',
    timezone          TEXT NOT NULL DEFAULT '',
    crisis_resources  TEXT NOT NULL DEFAULT '',
    updated_at        INTEGER NOT NULL -- unix milliseconds
) STRICT;

-- +goose Down
DROP TABLE guild_settings;
