package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/peerhours/peerhours/bot"
)

const peerThreadColumns = `message_id, guild_id, condition_id, channel_id, thread_id, user_id, opened_at, nudged_at,
	closed_at, closed_by, close_reason`

func scanPeerThread(row interface{ Scan(...any) error }) (bot.PeerThread, error) {
	var p bot.PeerThread
	var opened, nudged, closed int64
	err := row.Scan(&p.MessageID, &p.GuildID, &p.ConditionID, &p.ChannelID, &p.ThreadID, &p.UserID, &opened, &nudged,
		&closed, &p.ClosedBy, &p.CloseReason)
	if errors.Is(err, sql.ErrNoRows) {
		return p, bot.ErrNotFound
	}
	p.OpenedAt, p.NudgedAt, p.ClosedAt = fromMS(opened), fromMS(nudged), fromMS(closed)
	return p, err
}

// AddPeerThread stores a peer thread; one already stored is left as it is.
func (q *Queries) AddPeerThread(ctx context.Context, p bot.PeerThread) error {
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO peer_threads (message_id, guild_id, condition_id, channel_id, thread_id, user_id, opened_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING`,
		p.MessageID, p.GuildID, p.ConditionID, p.ChannelID, p.ThreadID, p.UserID, ms(p.OpenedAt))
	return err
}

// PeerThread returns a peer question's thread.
func (q *Queries) PeerThread(ctx context.Context, messageID string) (bot.PeerThread, error) {
	return scanPeerThread(q.x.QueryRowContext(ctx, `SELECT `+peerThreadColumns+` FROM peer_threads WHERE message_id = ?`, messageID))
}

// SetPeerThreadNudged records the nudge once.
func (q *Queries) SetPeerThreadNudged(ctx context.Context, messageID string, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE peer_threads SET nudged_at = ? WHERE message_id = ? AND nudged_at = 0 AND closed_at = 0`,
		ms(at), messageID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ClosePeerThread records that a thread closed, once.
func (q *Queries) ClosePeerThread(ctx context.Context, messageID, reason, by string, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `
		UPDATE peer_threads SET closed_at = ?, close_reason = ?, closed_by = ? WHERE message_id = ? AND closed_at = 0`,
		ms(at), reason, by, messageID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// OpenPeerThreadsOf lists a member's peer threads that are still open.
func (q *Queries) OpenPeerThreadsOf(ctx context.Context, guildID, userID string) ([]bot.PeerThread, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+peerThreadColumns+` FROM peer_threads
		WHERE guild_id = ? AND user_id = ? AND closed_at = 0 ORDER BY opened_at`, guildID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.PeerThread
	for rows.Next() {
		p, err := scanPeerThread(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
