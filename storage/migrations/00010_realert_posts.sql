-- The re-alert's post is kept beside the first one, so that acknowledging
-- either marks both (the re-alert used to stay red with a live button).

-- +goose Up
ALTER TABLE alerts ADD COLUMN realert_channel_id TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN realert_message_id TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE alerts DROP COLUMN realert_message_id;
ALTER TABLE alerts DROP COLUMN realert_channel_id;
