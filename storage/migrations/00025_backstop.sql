-- The AutoMod backstop: the ID of the Discord AutoMod keyword rule that
-- /setup backstop:True installed, so the bot can update or remove it and
-- recognise its alerts ('' when there is none).

-- +goose Up
ALTER TABLE guild_settings ADD COLUMN backstop_rule_id TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE guild_settings DROP COLUMN backstop_rule_id;
