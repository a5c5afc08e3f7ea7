-- Not every alert is an emergency the rules found. "llm": the LLM's second
-- opinion called a message an emergency the rules did not; it pages the
-- moderators privately and never causes a public crisis reply. "peer": a
-- member is worried about someone (the message menu). Neither has a crisis
-- reply. reports counts the members who raised a "peer" alert.

-- +goose Up
ALTER TABLE alerts ADD COLUMN kind TEXT NOT NULL DEFAULT 'emergency';
ALTER TABLE alerts ADD COLUMN reports INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE alerts DROP COLUMN reports;
ALTER TABLE alerts DROP COLUMN kind;
