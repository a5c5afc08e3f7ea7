-- Outcomes (issue 18): after a clinician marks a question answered, its
-- asker is asked once, privately, "Was this helpful?". The row is made when
-- the prompt is due (so it is sent once, even across a restart) and holds
-- the answer: -1 not answered yet, 1 yes, 0 not really. /privacy delete
-- blanks user_id and keeps the rating as a count. /stats reads it beside
-- questions, session_questions, sessions and alerts.

-- +goose Up
CREATE TABLE question_feedback (
    question_id       INTEGER PRIMARY KEY REFERENCES questions (id),
    guild_id          TEXT NOT NULL,
    condition_id      INTEGER NOT NULL,
    user_id           TEXT NOT NULL,
    asked_at          INTEGER NOT NULL,
    prompt_channel_id TEXT NOT NULL DEFAULT '',
    prompt_message_id TEXT NOT NULL DEFAULT '',
    helpful           INTEGER NOT NULL DEFAULT -1,
    answered_at       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX question_feedback_condition ON question_feedback (guild_id, condition_id);
CREATE INDEX questions_created ON questions (guild_id, created_at);
CREATE INDEX alerts_opened ON alerts (guild_id, opened_at);

-- +goose Down
DROP INDEX alerts_opened;
DROP INDEX questions_created;
DROP TABLE question_feedback;
