-- Summaries: the text of messages in condition channels (kept for
-- RETENTION_DAYS at most, only for members who accepted the guidelines),
-- opt-outs from summaries, the summaries with their review, the posts that
-- show them, agenda items for office hours, and daily digests.

-- +goose Up
CREATE TABLE captured_messages (
    message_id   TEXT PRIMARY KEY,
    guild_id     TEXT NOT NULL,
    channel_id   TEXT NOT NULL,
    parent_id    TEXT NOT NULL DEFAULT '', -- the thread's channel
    condition_id INTEGER NOT NULL REFERENCES conditions (id),
    author_id    TEXT NOT NULL,
    content      TEXT NOT NULL,
    reply_to     TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL, -- unix milliseconds, when it was written
    edited_at    INTEGER NOT NULL DEFAULT 0,
    captured_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX captured_channel ON captured_messages (channel_id, created_at);
CREATE INDEX captured_parent ON captured_messages (parent_id, created_at) WHERE parent_id != '';
CREATE INDEX captured_created ON captured_messages (created_at);
CREATE INDEX captured_author ON captured_messages (guild_id, author_id);

-- Members who asked to be left out of summaries (/privacy summaries).
CREATE TABLE summary_optouts (
    guild_id TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    at       INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) STRICT;

CREATE TABLE summaries (
    id            INTEGER PRIMARY KEY,
    guild_id      TEXT NOT NULL,
    condition_id  INTEGER NOT NULL REFERENCES conditions (id),
    channel_id    TEXT NOT NULL,
    parent_id     TEXT NOT NULL DEFAULT '',
    focus         TEXT NOT NULL DEFAULT '',
    from_at       INTEGER NOT NULL DEFAULT 0,
    to_at         INTEGER NOT NULL DEFAULT 0,
    last_n        INTEGER NOT NULL DEFAULT 0,
    fingerprint   TEXT NOT NULL,
    kind          TEXT NOT NULL,            -- llm, extractive
    fallback      TEXT NOT NULL DEFAULT '', -- why extractive
    draft         TEXT NOT NULL,            -- JSON; '' once expired
    sources       INTEGER NOT NULL,
    authors       INTEGER NOT NULL,
    first_at      INTEGER NOT NULL DEFAULT 0,
    last_at       INTEGER NOT NULL DEFAULT 0,
    requested_by  TEXT NOT NULL DEFAULT '',
    origin        TEXT NOT NULL,            -- command, digest
    status        TEXT NOT NULL DEFAULT 'pending', -- pending, approved, follow_up, rejected
    reviewed_by   TEXT NOT NULL DEFAULT '',
    reviewed_at   INTEGER NOT NULL DEFAULT 0,
    reason        TEXT NOT NULL DEFAULT '',
    outdated      INTEGER NOT NULL DEFAULT 0,
    expired       INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX summaries_fingerprint ON summaries (fingerprint, created_at);
CREATE INDEX summaries_channel ON summaries (channel_id) WHERE outdated = 0;
CREATE INDEX summaries_parent ON summaries (parent_id) WHERE outdated = 0 AND parent_id != '';
CREATE INDEX summaries_created ON summaries (created_at) WHERE expired = 0;

-- The review channel messages that show a summary, one per part.
CREATE TABLE summary_posts (
    summary_id INTEGER NOT NULL REFERENCES summaries (id),
    part       INTEGER NOT NULL,
    channel_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    PRIMARY KEY (summary_id, part)
) STRICT;

-- "Needs follow-up": an item for the condition's next office hours.
CREATE TABLE agenda_items (
    id           INTEGER PRIMARY KEY,
    guild_id     TEXT NOT NULL,
    condition_id INTEGER NOT NULL REFERENCES conditions (id),
    summary_id   INTEGER NOT NULL UNIQUE REFERENCES summaries (id),
    added_by     TEXT NOT NULL,
    added_at     INTEGER NOT NULL,
    session_id   INTEGER NOT NULL DEFAULT 0, -- the session that dealt with it
    done_at      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX agenda_items_open ON agenda_items (condition_id, added_at) WHERE done_at = 0;

-- A condition's daily digest, at a local time in the server's time zone.
CREATE TABLE digests (
    condition_id INTEGER PRIMARY KEY REFERENCES conditions (id),
    guild_id     TEXT NOT NULL,
    at           TEXT NOT NULL, -- HH:MM
    set_by       TEXT NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE digests;
DROP TABLE agenda_items;
DROP TABLE summary_posts;
DROP TABLE summaries;
DROP TABLE summary_optouts;
DROP TABLE captured_messages;
