-- An override keeps the decision it corrected whole: the rules' reasons and
-- where the decision came from, beside its category, so that overrides are
-- labelled feedback on the rules (the decision itself takes the override).

-- +goose Up
ALTER TABLE triage_overrides ADD COLUMN from_reasons TEXT NOT NULL DEFAULT '';
ALTER TABLE triage_overrides ADD COLUMN from_source TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE triage_overrides DROP COLUMN from_source;
ALTER TABLE triage_overrides DROP COLUMN from_reasons;
