-- Vetted peer mentors. A member applies (the conditions they would mentor,
-- their lived experience in their own words, and the version of the mentor
-- guidelines they agreed to); a moderator approves or declines with a
-- reason. Approved mentors are rows of mentors, one per condition, and are
-- pinged in rotation: the least recently pinged first (last_pinged_at),
-- never the whole role. mentor_pings records whom each peer question
-- pinged, so a retried ping names the same people. The server's mentor
-- role and private mentor channel are made by the bot at the first
-- approval.
--
-- Members who volunteered with "/join mentor:True" before vetting are not
-- carried over: they are pinged again once they apply and are approved.

-- +goose Up
CREATE TABLE mentor_applications (
    id                 INTEGER PRIMARY KEY,
    guild_id           TEXT NOT NULL,
    user_id            TEXT NOT NULL,
    condition_ids      TEXT NOT NULL, -- comma-separated condition IDs
    experience         TEXT NOT NULL, -- the applicant's words, for moderators; erased by /privacy delete
    guidelines_version INTEGER NOT NULL,
    status             TEXT NOT NULL DEFAULT 'pending', -- pending, approved, declined
    submitted_at       INTEGER NOT NULL,
    decided_by         TEXT NOT NULL DEFAULT '',
    decided_at         INTEGER NOT NULL DEFAULT 0,
    reason             TEXT NOT NULL DEFAULT '',
    post_channel_id    TEXT NOT NULL DEFAULT '',
    post_message_id    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX mentor_applications_pending ON mentor_applications (guild_id, user_id) WHERE status = 'pending';
CREATE INDEX mentor_applications_guild ON mentor_applications (guild_id, status, id);

CREATE TABLE mentors (
    guild_id       TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    condition_id   INTEGER NOT NULL REFERENCES conditions (id),
    application_id INTEGER NOT NULL,
    approved_by    TEXT NOT NULL,
    approved_at    INTEGER NOT NULL,
    paused_at      INTEGER NOT NULL DEFAULT 0,
    last_pinged_at INTEGER NOT NULL DEFAULT 0,
    pings          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (condition_id, user_id)
) STRICT;
CREATE INDEX mentors_user ON mentors (guild_id, user_id);

CREATE TABLE mentor_pings (
    message_id TEXT NOT NULL, -- the peer question
    kind       TEXT NOT NULL, -- welcome (the thread opened), nudge (6 h quiet)
    user_id    TEXT NOT NULL,
    at         INTEGER NOT NULL,
    PRIMARY KEY (message_id, kind, user_id)
) STRICT;

ALTER TABLE guild_settings ADD COLUMN mentor_role_id TEXT NOT NULL DEFAULT '';
ALTER TABLE guild_settings ADD COLUMN mentor_channel_id TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE guild_settings DROP COLUMN mentor_channel_id;
ALTER TABLE guild_settings DROP COLUMN mentor_role_id;
DROP TABLE mentor_pings;
DROP TABLE mentors;
DROP TABLE mentor_applications;
