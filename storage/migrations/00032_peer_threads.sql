-- The lifecycle of a peer question's thread: opened (mentors pinged in
-- rotation), one nudge to mentors after 6 quiet hours, the offer of the
-- office-hours queue after 24 hours without a reply (the follow-up), and
-- closed when the asker marks it resolved, after 72 quiet hours, or when the
-- asker left the server. Every step is a job; this row says where the
-- thread is, so a restart neither repeats nor skips a step.

-- +goose Up
CREATE TABLE peer_threads (
    message_id   TEXT PRIMARY KEY, -- the peer question
    guild_id     TEXT NOT NULL,
    condition_id INTEGER NOT NULL,
    channel_id   TEXT NOT NULL,
    thread_id    TEXT NOT NULL,
    user_id      TEXT NOT NULL,    -- the asker
    opened_at    INTEGER NOT NULL,
    nudged_at    INTEGER NOT NULL DEFAULT 0,
    closed_at    INTEGER NOT NULL DEFAULT 0,
    closed_by    TEXT NOT NULL DEFAULT '',
    close_reason TEXT NOT NULL DEFAULT '' -- resolved, quiet, asker_left
) STRICT;
CREATE INDEX peer_threads_user ON peer_threads (guild_id, user_id, closed_at);

-- +goose Down
DROP TABLE peer_threads;
