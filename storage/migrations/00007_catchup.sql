-- Catching up after a gap asks for the newest triaged message per channel.

-- +goose Up
CREATE INDEX triage_decisions_channel ON triage_decisions (channel_id, message_id);

-- +goose Down
DROP INDEX triage_decisions_channel;
