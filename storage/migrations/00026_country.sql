-- The server's country (ISO 3166-1 alpha-2, '' when unset): crisis replies
-- take that country's emergency number and crisis lines from the table in
-- bot/crisislines.go unless the server wrote its own texts.

-- +goose Up
ALTER TABLE guild_settings ADD COLUMN country TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE guild_settings DROP COLUMN country;
