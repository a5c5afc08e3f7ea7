-- Office hours: schedules (a local wall-clock start, an IANA zone and a
-- repeat rule), the sessions materialized from them a few weeks ahead (the
-- sessions table itself came with triage), and what happened to each
-- question in each session. The jobs table carries every action the
-- scheduler takes, keyed so that a restart neither repeats nor skips one.

-- +goose Up
CREATE TABLE schedules (
    id               INTEGER PRIMARY KEY,
    guild_id         TEXT NOT NULL,
    condition_id     INTEGER NOT NULL REFERENCES conditions (id),
    first_local      TEXT NOT NULL,    -- the first occurrence on the local clock: "2026-12-03 18:00"
    timezone         TEXT NOT NULL,    -- IANA name
    duration_minutes INTEGER NOT NULL,
    repeat           TEXT NOT NULL,    -- none, weekly, biweekly, monthly
    clinician_id     TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    cancelled_at     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX schedules_condition ON schedules (condition_id, cancelled_at);

-- Which occurrence of its schedule a session is (0 for sessions opened by
-- hand), who opened and closed it, and the bot's posts about it.
ALTER TABLE sessions ADD COLUMN occurrence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN timezone TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN opened_by TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN closed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN late_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN queue_message_id TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_guild ON sessions (guild_id, status, starts_at);

-- A question's part in one session: its place in the posted queue, its
-- post in the office-hours channel, and its outcome there. A question that
-- rolls over appears again, in the next session.
CREATE TABLE session_questions (
    session_id  INTEGER NOT NULL REFERENCES sessions (id),
    question_id INTEGER NOT NULL REFERENCES questions (id),
    position    INTEGER NOT NULL,
    message_id  TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL DEFAULT 'waiting', -- waiting, taken, answered, moved, rolled_over, withdrawn
    taken_by    TEXT NOT NULL DEFAULT '',
    taken_at    INTEGER NOT NULL DEFAULT 0,
    done_at     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, question_id)
) STRICT;
CREATE INDEX session_questions_question ON session_questions (question_id);

-- +goose Down
DROP TABLE session_questions;
DROP INDEX sessions_guild;
ALTER TABLE sessions DROP COLUMN queue_message_id;
ALTER TABLE sessions DROP COLUMN late_at;
ALTER TABLE sessions DROP COLUMN closed_by;
ALTER TABLE sessions DROP COLUMN opened_by;
ALTER TABLE sessions DROP COLUMN timezone;
ALTER TABLE sessions DROP COLUMN occurrence;
DROP TABLE schedules;
