package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// AddCalendarFeed stores a feed token's hash.
func (q *Queries) AddCalendarFeed(ctx context.Context, tokenSHA256, guildID, userID string, at time.Time) error {
	_, err := q.x.ExecContext(ctx, `INSERT INTO calendar_feeds (token_sha256, guild_id, user_id, created_at) VALUES (?, ?, ?, ?)`,
		tokenSHA256, guildID, userID, ms(at))
	return err
}

// RevokeCalendarFeeds ends a member's feeds.
func (q *Queries) RevokeCalendarFeeds(ctx context.Context, guildID, userID string, at time.Time) (int, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE calendar_feeds SET revoked_at = ? WHERE guild_id = ? AND user_id = ? AND revoked_at = 0`,
		ms(at), guildID, userID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// CalendarFeedOwner returns whose feed a token hash opens.
func (q *Queries) CalendarFeedOwner(ctx context.Context, tokenSHA256 string) (string, string, error) {
	var guildID, userID string
	err := q.x.QueryRowContext(ctx, `SELECT guild_id, user_id FROM calendar_feeds WHERE token_sha256 = ? AND revoked_at = 0`,
		tokenSHA256).Scan(&guildID, &userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", bot.ErrNotFound
	}
	return guildID, userID, err
}
