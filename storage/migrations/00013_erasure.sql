-- Erased means erased everywhere (issue 14).
--
-- summaries.erased counts the statements removed from a draft because the
-- messages they rested on (or repeated) were erased: opted out, deleted on
-- Discord, or erased with /privacy delete. Such a draft says so and cannot
-- be approved as drafted.
--
-- consents.since is when a member's consent began; re-accepting a newer
-- guidelines version keeps it. capture_floors.since is when a member last
-- came back after erasing their data or opting out of summaries. A message
-- written before either is never stored, so a summary's read of a channel's
-- history cannot bring back what was erased.

-- +goose Up
ALTER TABLE summaries ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;
ALTER TABLE consents ADD COLUMN since INTEGER NOT NULL DEFAULT 0;
UPDATE consents SET since = accepted_at;
CREATE TABLE capture_floors (
    guild_id TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    since    INTEGER NOT NULL, -- unix milliseconds
    PRIMARY KEY (guild_id, user_id)
) STRICT;

-- +goose Down
DROP TABLE capture_floors;
ALTER TABLE consents DROP COLUMN since;
ALTER TABLE summaries DROP COLUMN erased;
