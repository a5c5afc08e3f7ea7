-- The language of a server's public posts: language is what /setup
-- language: chose ('' to follow Discord), discord_locale the server's
-- preferred locale as the gateway last said ('' until it did).

-- +goose Up
ALTER TABLE guild_settings ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE guild_settings ADD COLUMN discord_locale TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE guild_settings DROP COLUMN discord_locale;
ALTER TABLE guild_settings DROP COLUMN language;
