package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/peerhours/peerhours/bot"
)

const alertColumns = `id, guild_id, channel_id, user_id, condition_id, first_message_id, last_message_id, reasons,
	messages, opened_at, alert_channel_id, alert_message_id, crisis_reply_id, realerted_at,
	acknowledged_by, acknowledged_at, flagged_by, realert_channel_id, realert_message_id, kind, reports,
	outcome, outcome_by, outcome_at`

func scanAlert(row interface{ Scan(...any) error }) (bot.Alert, error) {
	var a bot.Alert
	var reasons string
	var opened, realerted, acked, outcomeAt int64
	err := row.Scan(&a.ID, &a.GuildID, &a.ChannelID, &a.UserID, &a.ConditionID, &a.FirstMessageID, &a.LastMessageID,
		&reasons, &a.Messages, &opened, &a.AlertChannelID, &a.AlertMessageID, &a.CrisisReplyID, &realerted,
		&a.AcknowledgedBy, &acked, &a.FlaggedBy, &a.RealertChannelID, &a.RealertMessageID, &a.Kind, &a.Reports,
		&a.Outcome, &a.OutcomeBy, &outcomeAt)
	if errors.Is(err, sql.ErrNoRows) {
		return a, bot.ErrNotFound
	}
	a.Reasons = splitReasons(reasons)
	a.OpenedAt, a.RealertedAt, a.AcknowledgedAt, a.OutcomeAt = fromMS(opened), fromMS(realerted), fromMS(acked), fromMS(outcomeAt)
	return a, err
}

// OpenAlert joins the alert open for the same person and channel since
// the given time, or stores a new one. An emergency joins only an open
// emergency (it must get its own crisis reply otherwise); a private alert
// (raised by the LLM or by a member) joins whatever is open. A message
// counted already (a redelivery) is not counted again.
func (q *Queries) OpenAlert(ctx context.Context, a bot.Alert, since time.Time) (bot.Alert, bool, error) {
	kind := a.Kind
	if kind == "" {
		kind = bot.AlertEmergency
	}
	open, err := scanAlert(q.x.QueryRowContext(ctx, `
		SELECT `+alertColumns+` FROM alerts
		WHERE guild_id = ? AND channel_id = ? AND user_id = ? AND opened_at >= ? AND (? != 'emergency' OR kind = 'emergency')
		ORDER BY kind = 'emergency' DESC, opened_at DESC LIMIT 1`, a.GuildID, a.ChannelID, a.UserID, ms(since), kind))
	switch {
	case err == nil:
		counted := a.LastMessageID != "" && a.LastMessageID == open.LastMessageID
		if counted {
			a.Messages = 0
		}
		if _, err := q.x.ExecContext(ctx, `
			UPDATE alerts SET messages = messages + ?, reports = reports + ?,
			    last_message_id = CASE WHEN ? != '' THEN ? ELSE last_message_id END
			WHERE id = ?`, a.Messages, a.Reports, a.LastMessageID, a.LastMessageID, open.ID); err != nil {
			return open, false, err
		}
		open.Messages += a.Messages
		open.Reports += a.Reports
		if a.LastMessageID != "" {
			open.LastMessageID = a.LastMessageID
		}
		return open, false, nil
	case err != bot.ErrNotFound:
		return open, false, err
	}
	a.Kind = kind
	a.ID, err = asID[bot.AlertID](q.insertID(ctx, `
		INSERT INTO alerts (guild_id, channel_id, user_id, condition_id, first_message_id, last_message_id,
		                    reasons, messages, opened_at, crisis_reply_id, flagged_by, kind, reports)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.GuildID, a.ChannelID, a.UserID, a.ConditionID, a.FirstMessageID, a.LastMessageID,
		joinReasons(a.Reasons), a.Messages, ms(a.OpenedAt), a.CrisisReplyID, a.FlaggedBy, a.Kind, a.Reports))
	return a, err == nil, err
}

// Alert returns an alert by ID.
func (q *Queries) Alert(ctx context.Context, id bot.AlertID) (bot.Alert, error) {
	return scanAlert(q.x.QueryRowContext(ctx, `SELECT `+alertColumns+` FROM alerts WHERE id = ?`, id))
}

// AlertForMessage returns the alert a person's message in a channel was
// counted in: the one opened for them there whose first and last messages
// span it (Discord IDs grow with time).
func (q *Queries) AlertForMessage(ctx context.Context, channelID, userID, messageID string) (bot.Alert, error) {
	return scanAlert(q.x.QueryRowContext(ctx, `SELECT `+alertColumns+` FROM alerts
		WHERE channel_id = ?1 AND user_id = ?2
		  AND CAST(NULLIF(first_message_id, '') AS BIGINT) <= CAST(?3 AS BIGINT)
		  AND CAST(NULLIF(last_message_id, '') AS BIGINT) >= CAST(?3 AS BIGINT)
		ORDER BY id DESC LIMIT 1`, channelID, userID, messageID))
}

// SetAlertMessages records the posts' IDs; empty arguments change nothing.
func (q *Queries) SetAlertMessages(ctx context.Context, id bot.AlertID, crisisReplyID, alertChannelID, alertMessageID string) error {
	return q.execOne(ctx, `
		UPDATE alerts SET
		    crisis_reply_id  = CASE WHEN ? != '' THEN ? ELSE crisis_reply_id END,
		    alert_channel_id = CASE WHEN ? != '' THEN ? ELSE alert_channel_id END,
		    alert_message_id = CASE WHEN ? != '' THEN ? ELSE alert_message_id END
		WHERE id = ?`,
		crisisReplyID, crisisReplyID, alertChannelID, alertChannelID, alertMessageID, alertMessageID, id)
}

// SetAlertRealerted records the re-alert and its post.
func (q *Queries) SetAlertRealerted(ctx context.Context, id bot.AlertID, at time.Time, channelID, messageID string) error {
	return q.execOne(ctx, `UPDATE alerts SET realerted_at = ?, realert_channel_id = ?, realert_message_id = ? WHERE id = ?`,
		ms(at), channelID, messageID, id)
}

// AcknowledgeAlert records the first acknowledgement; later ones change nothing.
func (q *Queries) AcknowledgeAlert(ctx context.Context, id bot.AlertID, by string, at time.Time) error {
	_, err := q.x.ExecContext(ctx, `
		UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND acknowledged_by = ''`, by, ms(at), id)
	return err
}
