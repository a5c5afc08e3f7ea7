-- Peers as the second net: "I'm worried about this person" on a member's
-- message raises a private alert (kind 'peer'). Each report is a row: the
-- message, when, the alert it raised, and later the moderators' outcome,
-- as labelled feedback for triage's evaluation data. The reporter's ID is
-- kept for the hourly limit and erased by their /privacy delete; whether it
-- was withheld from the alert (the person reported can see the alert
-- channel) is kept too. Alerts of every kind get the outcome a moderator
-- records after acknowledging (needed help, or not a concern).

-- +goose Up
CREATE TABLE peer_reports (
    id                INTEGER PRIMARY KEY,
    guild_id          TEXT NOT NULL,
    channel_id        TEXT NOT NULL,
    message_id        TEXT NOT NULL,
    reported_user_id  TEXT NOT NULL,
    reporter_id       TEXT NOT NULL,
    reporter_withheld INTEGER NOT NULL DEFAULT 0,
    alert_id          INTEGER NOT NULL REFERENCES alerts (id),
    reported_at       INTEGER NOT NULL,
    outcome           TEXT NOT NULL DEFAULT '', -- '', acknowledged, concern, no_concern
    outcome_by        TEXT NOT NULL DEFAULT '',
    outcome_at        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX peer_reports_once ON peer_reports (message_id, reporter_id) WHERE reporter_id != '';
CREATE INDEX peer_reports_reporter ON peer_reports (guild_id, reporter_id, reported_at);
CREATE INDEX peer_reports_alert ON peer_reports (alert_id);

ALTER TABLE alerts ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN outcome_by TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN outcome_at INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE alerts DROP COLUMN outcome_at;
ALTER TABLE alerts DROP COLUMN outcome_by;
ALTER TABLE alerts DROP COLUMN outcome;
DROP TABLE peer_reports;
