package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/triage"
)

func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS turns stored unix milliseconds back into a time; 0 is the zero time.
func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

func joinReasons(r []string) string { return strings.Join(r, " ") }

func splitReasons(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Fields(s)
}

// RecordDecision stores a message's first decision; false when it has one.
func (q *Queries) RecordDecision(ctx context.Context, d bot.DecisionRecord) (bool, error) {
	res, err := q.x.ExecContext(ctx, `
		INSERT INTO triage_decisions (message_id, guild_id, channel_id, parent_id, condition_id, user_id,
		                              category, reasons, source, thread_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (message_id) DO NOTHING`,
		d.MessageID, d.GuildID, d.ChannelID, d.ParentID, d.ConditionID, d.UserID,
		d.Category.String(), joinReasons(d.Reasons), d.Source, d.ThreadID, ms(d.CreatedAt), ms(d.UpdatedAt))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// categoryRank orders stored category names by severity in SQL.
const categoryRank = `CASE %s WHEN 'emergency' THEN 3 WHEN 'clinical' THEN 2 WHEN 'peer' THEN 1 ELSE 0 END`

func rank(col string) string { return strings.Replace(categoryRank, "%s", col, 1) }

// RaiseDecision stores d, replacing an existing decision only with a more
// severe one.
func (q *Queries) RaiseDecision(ctx context.Context, d bot.DecisionRecord) error {
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO triage_decisions (message_id, guild_id, channel_id, parent_id, condition_id, user_id,
		                              category, reasons, source, thread_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (message_id) DO UPDATE SET
		    category = excluded.category, reasons = excluded.reasons,
		    source = excluded.source, updated_at = excluded.updated_at
		WHERE `+rank("excluded.category")+` > `+rank("triage_decisions.category"),
		d.MessageID, d.GuildID, d.ChannelID, d.ParentID, d.ConditionID, d.UserID,
		d.Category.String(), joinReasons(d.Reasons), d.Source, d.ThreadID, ms(d.CreatedAt), ms(d.UpdatedAt))
	return err
}

// SetDecision stores d whatever was there before.
func (q *Queries) SetDecision(ctx context.Context, d bot.DecisionRecord) error {
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO triage_decisions (message_id, guild_id, channel_id, parent_id, condition_id, user_id,
		                              category, reasons, source, thread_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (message_id) DO UPDATE SET
		    category = excluded.category, reasons = excluded.reasons,
		    source = excluded.source, updated_at = excluded.updated_at`,
		d.MessageID, d.GuildID, d.ChannelID, d.ParentID, d.ConditionID, d.UserID,
		d.Category.String(), joinReasons(d.Reasons), d.Source, d.ThreadID, ms(d.CreatedAt), ms(d.UpdatedAt))
	return err
}

// Decision returns a message's decision.
func (q *Queries) Decision(ctx context.Context, messageID string) (bot.DecisionRecord, error) {
	var d bot.DecisionRecord
	var cat, reasons string
	var created, updated int64
	err := q.x.QueryRowContext(ctx, `
		SELECT message_id, guild_id, channel_id, parent_id, condition_id, user_id, category, reasons,
		       source, thread_id, created_at, updated_at
		FROM triage_decisions WHERE message_id = ?`, messageID).Scan(
		&d.MessageID, &d.GuildID, &d.ChannelID, &d.ParentID, &d.ConditionID, &d.UserID, &cat, &reasons,
		&d.Source, &d.ThreadID, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return d, bot.ErrNotFound
	}
	if err != nil {
		return d, err
	}
	d.Category, err = triage.ParseCategory(cat)
	d.Reasons = splitReasons(reasons)
	d.CreatedAt, d.UpdatedAt = fromMS(created), fromMS(updated)
	return d, err
}

// SetDecisionThread records the peer thread opened on a message.
func (q *Queries) SetDecisionThread(ctx context.Context, messageID, threadID string) error {
	return q.execOne(ctx, `UPDATE triage_decisions SET thread_id = ? WHERE message_id = ?`, threadID, messageID)
}

// AddOverride stores a person's correction beside the decision.
func (q *Queries) AddOverride(ctx context.Context, o bot.Override) error {
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO triage_overrides (message_id, guild_id, from_category, from_reasons, from_source, to_category, action, by_user_id, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.MessageID, o.GuildID, o.From.String(), joinReasons(o.FromReasons), o.FromSource, o.To.String(), o.Action, o.By, ms(o.At))
	return err
}

// Overrides lists the corrections of a message's decision, oldest first.
func (q *Queries) Overrides(ctx context.Context, messageID string) ([]bot.Override, error) {
	rows, err := q.x.QueryContext(ctx, `
		SELECT message_id, guild_id, from_category, from_reasons, from_source, to_category, action, by_user_id, at
		FROM triage_overrides WHERE message_id = ? ORDER BY id`, messageID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Override
	for rows.Next() {
		var o bot.Override
		var from, fromReasons, to string
		var at int64
		if err := rows.Scan(&o.MessageID, &o.GuildID, &from, &fromReasons, &o.FromSource, &to, &o.Action, &o.By, &at); err != nil {
			return nil, err
		}
		o.From, _ = triage.ParseCategory(from)
		o.FromReasons = splitReasons(fromReasons)
		o.To, _ = triage.ParseCategory(to)
		o.At = fromMS(at)
		out = append(out, o)
	}
	return out, rows.Err()
}

// DecidedIDs reports which of these messages have a decision.
func (q *Queries) DecidedIDs(ctx context.Context, messageIDs []string) (map[string]bool, error) {
	return q.messageIDsIn(ctx, "triage_decisions", messageIDs)
}

// LastDecidedMessage returns the newest message ID triaged in a channel.
func (q *Queries) LastDecidedMessage(ctx context.Context, channelID string) (string, error) {
	var id string
	err := q.x.QueryRowContext(ctx, `
		SELECT message_id FROM triage_decisions WHERE channel_id = ?
		ORDER BY length(message_id) DESC, message_id DESC LIMIT 1`, channelID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}
