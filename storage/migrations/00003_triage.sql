-- Triage: one decision per message (which also makes a redelivered message
-- a no-op), overrides beside it, emergency alerts, the office-hours queue,
-- sessions (filled by the office-hours scheduler), and the durable jobs that
-- carry out every decision so that a crash neither loses nor repeats one.

-- +goose Up
CREATE TABLE triage_decisions (
    message_id   TEXT PRIMARY KEY,
    guild_id     TEXT NOT NULL,
    channel_id   TEXT NOT NULL,
    parent_id    TEXT NOT NULL DEFAULT '',
    condition_id INTEGER NOT NULL REFERENCES conditions (id),
    user_id      TEXT NOT NULL,
    category     TEXT NOT NULL,           -- emergency, clinical, peer, none
    reasons      TEXT NOT NULL DEFAULT '', -- rule IDs, space-separated
    source       TEXT NOT NULL,           -- rules, llm, edit, override
    thread_id    TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX triage_decisions_guild ON triage_decisions (guild_id, created_at);

CREATE TABLE triage_overrides (
    id            INTEGER PRIMARY KEY,
    message_id    TEXT NOT NULL,
    guild_id      TEXT NOT NULL,
    from_category TEXT NOT NULL,
    to_category   TEXT NOT NULL,
    action        TEXT NOT NULL, -- office_hours, peers, urgent
    by_user_id    TEXT NOT NULL,
    at            INTEGER NOT NULL
) STRICT;
CREATE INDEX triage_overrides_message ON triage_overrides (message_id);

CREATE TABLE alerts (
    id               INTEGER PRIMARY KEY,
    guild_id         TEXT NOT NULL,
    channel_id       TEXT NOT NULL,
    user_id          TEXT NOT NULL,
    condition_id     INTEGER NOT NULL REFERENCES conditions (id),
    first_message_id TEXT NOT NULL,
    last_message_id  TEXT NOT NULL,
    reasons          TEXT NOT NULL DEFAULT '',
    messages         INTEGER NOT NULL DEFAULT 1,
    opened_at        INTEGER NOT NULL,
    alert_channel_id TEXT NOT NULL DEFAULT '',
    alert_message_id TEXT NOT NULL DEFAULT '',
    crisis_reply_id  TEXT NOT NULL DEFAULT '',
    realerted_at     INTEGER NOT NULL DEFAULT 0,
    acknowledged_by  TEXT NOT NULL DEFAULT '',
    acknowledged_at  INTEGER NOT NULL DEFAULT 0,
    flagged_by       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX alerts_window ON alerts (guild_id, channel_id, user_id, opened_at);

CREATE TABLE sessions (
    id               INTEGER PRIMARY KEY,
    guild_id         TEXT NOT NULL,
    condition_id     INTEGER NOT NULL REFERENCES conditions (id),
    schedule_id      INTEGER,          -- NULL for a session opened by hand
    starts_at        INTEGER NOT NULL,
    ends_at          INTEGER NOT NULL,
    status           TEXT NOT NULL DEFAULT 'scheduled', -- scheduled, open, closed, cancelled
    clinician_id     TEXT NOT NULL DEFAULT '',
    event_id         TEXT NOT NULL DEFAULT '',
    opened_at        INTEGER NOT NULL DEFAULT 0,
    closed_at        INTEGER NOT NULL DEFAULT 0,
    first_action_at  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (schedule_id, starts_at)
) STRICT;
CREATE INDEX sessions_condition ON sessions (condition_id, status, starts_at);

CREATE TABLE questions (
    id                 INTEGER PRIMARY KEY,
    guild_id           TEXT NOT NULL,
    condition_id       INTEGER NOT NULL REFERENCES conditions (id),
    user_id            TEXT NOT NULL,
    text               TEXT NOT NULL,
    source_channel_id  TEXT NOT NULL DEFAULT '',
    source_message_id  TEXT NOT NULL DEFAULT '',
    anonymous          INTEGER NOT NULL DEFAULT 0,
    priority           INTEGER NOT NULL DEFAULT 0, -- higher is answered first
    status             TEXT NOT NULL DEFAULT 'queued', -- queued, taken, answered, withdrawn, removed
    session_id         INTEGER REFERENCES sessions (id),
    thread_id          TEXT NOT NULL DEFAULT '',
    receipt_channel_id TEXT NOT NULL DEFAULT '',
    receipt_message_id TEXT NOT NULL DEFAULT '',
    sent_by            TEXT NOT NULL DEFAULT '',
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX questions_source ON questions (source_message_id) WHERE source_message_id != '';
CREATE INDEX questions_queue ON questions (condition_id, status, priority, created_at);
CREATE INDEX questions_user ON questions (guild_id, user_id);

CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    key           TEXT NOT NULL UNIQUE, -- enqueueing the same key twice is a no-op
    ref           INTEGER NOT NULL DEFAULT 0,
    ref_text      TEXT NOT NULL DEFAULT '',
    due_at        INTEGER NOT NULL,
    claimed_until INTEGER NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    done_at       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX jobs_due ON jobs (due_at) WHERE done_at = 0;

-- +goose Down
DROP TABLE jobs;
DROP TABLE questions;
DROP TABLE sessions;
DROP TABLE alerts;
DROP TABLE triage_overrides;
DROP TABLE triage_decisions;
