package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// CaptureMessage stores a message's text once per message ID.
func (q *Queries) CaptureMessage(ctx context.Context, m bot.CapturedMessage) (bool, error) {
	res, err := q.x.ExecContext(ctx, `
		INSERT INTO captured_messages (message_id, guild_id, channel_id, parent_id, condition_id, author_id,
		                               content, reply_to, created_at, edited_at, captured_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (message_id) DO NOTHING`,
		m.ID, m.GuildID, m.ChannelID, m.ParentID, m.ConditionID, m.AuthorID,
		m.Content, m.ReplyTo, ms(m.CreatedAt), msOrZero(m.EditedAt), ms(m.CapturedAt))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func msOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}

// EditCapturedMessage replaces a stored message's text.
func (q *Queries) EditCapturedMessage(ctx context.Context, messageID, content string, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `
		UPDATE captured_messages SET content = ?, edited_at = ? WHERE message_id = ? AND content != ?`,
		content, ms(at), messageID, content)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DeleteCapturedMessages erases stored message text. secure_delete (set in
// the DSN) overwrites the freed pages.
func (q *Queries) DeleteCapturedMessages(ctx context.Context, messageIDs ...string) (int, error) {
	total := 0
	for len(messageIDs) > 0 {
		batch := messageIDs[:min(len(messageIDs), 500)]
		messageIDs = messageIDs[len(batch):]
		res, err := q.x.ExecContext(ctx, `DELETE FROM captured_messages WHERE message_id IN (`+placeholders(len(batch))+`)`, anys(batch)...)
		if err != nil {
			return total, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, err
		}
		total += int(n)
	}
	return total, nil
}

// PurgeCapturedBefore erases message text written before cutoff, and the
// drafts of summaries made before it (their review record stays).
func (q *Queries) PurgeCapturedBefore(ctx context.Context, cutoff time.Time) (int, error) {
	res, err := q.x.ExecContext(ctx, `DELETE FROM captured_messages WHERE created_at < ?`, ms(cutoff))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if _, err := q.x.ExecContext(ctx, `
		UPDATE summaries SET draft = '', focus = '', expired = 1 WHERE expired = 0 AND created_at < ?`, ms(cutoff)); err != nil {
		return int(n), err
	}
	return int(n), nil
}

// CapturedMessages returns a channel's and its threads' stored messages in
// [from, to), the newest limit of them, oldest first, without those of
// members who opted out, each with its triage decision if it has one.
func (q *Queries) CapturedMessages(ctx context.Context, channelID string, from, to time.Time, limit int) ([]bot.CapturedMessage, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := q.x.QueryContext(ctx, `
		SELECT c.message_id, c.guild_id, c.channel_id, c.parent_id, c.condition_id, c.author_id, c.content,
		       c.reply_to, c.created_at, c.edited_at, c.captured_at,
		       coalesce(d.category, ''), coalesce(d.reasons, '')
		FROM captured_messages c
		LEFT JOIN triage_decisions d ON d.message_id = c.message_id
		WHERE (c.channel_id = ?1 OR c.parent_id = ?1) AND c.created_at >= ?2 AND c.created_at < ?3
		  AND NOT EXISTS (SELECT 1 FROM summary_optouts o WHERE o.guild_id = c.guild_id AND o.user_id = c.author_id)
		ORDER BY c.created_at DESC, length(c.message_id) DESC, c.message_id DESC
		LIMIT ?4`, channelID, ms(from), ms(to), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.CapturedMessage
	for rows.Next() {
		var m bot.CapturedMessage
		var created, edited, captured int64
		var reasons string
		if err := rows.Scan(&m.ID, &m.GuildID, &m.ChannelID, &m.ParentID, &m.ConditionID, &m.AuthorID, &m.Content,
			&m.ReplyTo, &created, &edited, &captured, &m.Category, &reasons); err != nil {
			return nil, err
		}
		m.CreatedAt, m.EditedAt, m.CapturedAt = fromMS(created), fromMS(edited), fromMS(captured)
		m.Reasons = splitReasons(reasons)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// LastCapturedMessage returns the newest message stored from a channel
// itself (not its threads), or "" when there is none.
func (q *Queries) LastCapturedMessage(ctx context.Context, channelID string) (string, error) {
	var id string
	err := q.x.QueryRowContext(ctx, `
		SELECT message_id FROM captured_messages WHERE channel_id = ?
		ORDER BY created_at DESC, length(message_id) DESC, message_id DESC LIMIT 1`, channelID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// CapturedIDs reports which of these messages are stored.
func (q *Queries) CapturedIDs(ctx context.Context, messageIDs []string) (map[string]bool, error) {
	return q.messageIDsIn(ctx, "captured_messages", messageIDs)
}

// messageIDsIn reports which of these message IDs a table's message_id
// column holds, asking 500 at a time (table is one of ours, never input).
func (q *Queries) messageIDsIn(ctx context.Context, table string, messageIDs []string) (map[string]bool, error) {
	out := make(map[string]bool, len(messageIDs))
	for len(messageIDs) > 0 {
		batch := messageIDs[:min(len(messageIDs), 500)]
		messageIDs = messageIDs[len(batch):]
		rows, err := q.x.QueryContext(ctx, `SELECT message_id FROM `+table+` WHERE message_id IN (`+placeholders(len(batch))+`)`, anys(batch)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SetSummaryOptOut records whether a member is left out of summaries.
func (q *Queries) SetSummaryOptOut(ctx context.Context, guildID, userID string, optOut bool, at time.Time) error {
	q.changed()
	defer q.changed()
	if !optOut {
		_, err := q.x.ExecContext(ctx, `DELETE FROM summary_optouts WHERE guild_id = ? AND user_id = ?`, guildID, userID)
		return err
	}
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO summary_optouts (guild_id, user_id, at) VALUES (?, ?, ?)
		ON CONFLICT (guild_id, user_id) DO NOTHING`, guildID, userID, ms(at))
	return err
}

// summarisable reads whether a member accepted the guidelines and did not
// opt out of summaries (Summarisable, cache.go, remembers it).
func (q *Queries) summarisable(ctx context.Context, guildID, userID string) (bool, error) {
	var ok bool
	err := q.x.QueryRowContext(ctx, `
		SELECT EXISTS (SELECT 1 FROM consents WHERE guild_id = ?1 AND user_id = ?2)
		   AND NOT EXISTS (SELECT 1 FROM summary_optouts WHERE guild_id = ?1 AND user_id = ?2)`, guildID, userID).Scan(&ok)
	return ok, err
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// DeleteCapturedMessagesBy erases the stored text of every message a member
// wrote in a server (for /privacy delete).
func (q *Queries) DeleteCapturedMessagesBy(ctx context.Context, guildID, userID string) (int, error) {
	res, err := q.x.ExecContext(ctx, `DELETE FROM captured_messages WHERE guild_id = ? AND author_id = ?`, guildID, userID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
