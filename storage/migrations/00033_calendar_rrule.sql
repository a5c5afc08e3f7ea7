-- Clinicians' calendars and full recurrence rules.
--
-- A schedule may repeat by an RFC 5545 rule (FREQ=WEEKLY;BYDAY=TU,TH) as
-- well as by the presets; the rule is kept in its canonical form, and
-- repeat is 'rrule' for such schedules.
--
-- /officehours calendar gives a clinician a private ICS feed of their
-- sessions: an unguessable token in the URL, of which only the SHA-256 is
-- stored. Asking again replaces it; revoking ends it.

-- +goose Up
ALTER TABLE schedules ADD COLUMN rule TEXT NOT NULL DEFAULT '';

CREATE TABLE calendar_feeds (
    token_sha256 TEXT PRIMARY KEY,
    guild_id     TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    revoked_at   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX calendar_feeds_user ON calendar_feeds (guild_id, user_id, revoked_at);

-- +goose Down
DROP TABLE calendar_feeds;
ALTER TABLE schedules DROP COLUMN rule;
