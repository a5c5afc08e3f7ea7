-- Reusable answers (issue 18): a verified clinician saves an answer as one
-- of a condition's FAQ entries; a second verified clinician publishes or
-- rejects it in the review channel. Published entries are found by /faq
-- search and shown to askers whose queued question closely matches. The
-- text is the clinicians' own, written for everyone; /privacy delete by a
-- clinician blanks their ID and keeps the entry.

-- +goose Up
CREATE TABLE faq_entries (
    id              INTEGER PRIMARY KEY,
    guild_id        TEXT NOT NULL,
    condition_id    INTEGER NOT NULL REFERENCES conditions (id),
    question        TEXT NOT NULL,
    answer          TEXT NOT NULL,
    written_by      TEXT NOT NULL,
    written_at      INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending', -- pending, published, rejected, removed
    reviewed_by     TEXT NOT NULL DEFAULT '',        -- who published, rejected or removed it
    reviewed_at     INTEGER NOT NULL DEFAULT 0,
    post_channel_id TEXT NOT NULL DEFAULT '',
    post_message_id TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX faq_entries_condition ON faq_entries (condition_id, status, id);

-- +goose Down
DROP TABLE faq_entries;
