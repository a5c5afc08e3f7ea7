-- Crisis replies match the risk: the emergency number is a text of its own
-- beside the crisis lines (crisis_resources), so a medical emergency's reply
-- can give the number without a suicide line. The re-alert of an alert
-- nobody acknowledged pings the escalation role (the owner when unset).

-- +goose Up
ALTER TABLE guild_settings ADD COLUMN emergency_number TEXT NOT NULL DEFAULT '';
ALTER TABLE guild_settings ADD COLUMN escalation_role_id TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE guild_settings DROP COLUMN escalation_role_id;
ALTER TABLE guild_settings DROP COLUMN emergency_number;
