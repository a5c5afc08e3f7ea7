package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/peerhours/peerhours/bot"
)

const questionColumns = `id, guild_id, condition_id, user_id, text, source_channel_id, source_message_id, anonymous,
	priority, status, COALESCE(session_id, 0), thread_id, receipt_channel_id, receipt_message_id, sent_by,
	created_at, updated_at`

func scanQuestion(row interface{ Scan(...any) error }) (bot.Question, error) {
	var q bot.Question
	var created, updated int64
	err := row.Scan(&q.ID, &q.GuildID, &q.ConditionID, &q.UserID, &q.Text, &q.SourceChannelID, &q.SourceMessageID,
		&q.Anonymous, &q.Priority, &q.Status, &q.SessionID, &q.ThreadID, &q.ReceiptChannelID, &q.ReceiptMessageID,
		&q.SentBy, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return q, bot.ErrNotFound
	}
	q.CreatedAt, q.UpdatedAt = fromMS(created), fromMS(updated)
	return q, err
}

// AddQuestion queues a question; one from a message queued before is
// queued again.
func (q *Queries) AddQuestion(ctx context.Context, in bot.Question) (bot.Question, error) {
	status := in.Status
	if status == "" {
		status = bot.QuestionQueued
	}
	return scanQuestion(q.x.QueryRowContext(ctx, `
		INSERT INTO questions (guild_id, condition_id, user_id, text, source_channel_id, source_message_id,
		                       anonymous, priority, status, receipt_channel_id, sent_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (source_message_id) WHERE source_message_id != '' DO UPDATE SET
		    status = excluded.status, sent_by = excluded.sent_by, updated_at = excluded.updated_at,
		    receipt_message_id = ''
		RETURNING `+questionColumns,
		in.GuildID, in.ConditionID, in.UserID, in.Text, in.SourceChannelID, in.SourceMessageID,
		in.Anonymous, in.Priority, status, in.ReceiptChannelID, in.SentBy, ms(in.CreatedAt), ms(in.UpdatedAt)))
}

// Question returns a question by ID.
func (q *Queries) Question(ctx context.Context, id bot.QuestionID) (bot.Question, error) {
	return scanQuestion(q.x.QueryRowContext(ctx, `SELECT `+questionColumns+` FROM questions WHERE id = ?`, id))
}

// QuestionBySource returns the question made from a message.
func (q *Queries) QuestionBySource(ctx context.Context, messageID string) (bot.Question, error) {
	if messageID == "" {
		return bot.Question{}, bot.ErrNotFound
	}
	return scanQuestion(q.x.QueryRowContext(ctx, `SELECT `+questionColumns+` FROM questions WHERE source_message_id = ?`, messageID))
}

// WaitingQuestion returns the user's question in the condition with this
// text that is still queued or taken.
func (q *Queries) WaitingQuestion(ctx context.Context, conditionID bot.ConditionID, userID, text string) (bot.Question, error) {
	return scanQuestion(q.x.QueryRowContext(ctx, `SELECT `+questionColumns+` FROM questions
		WHERE condition_id = ? AND user_id = ? AND text = ? AND status IN (?, ?)
		ORDER BY id LIMIT 1`, conditionID, userID, text, bot.QuestionQueued, bot.QuestionTaken))
}

// SetQuestionReceipt records where the asker was told.
func (q *Queries) SetQuestionReceipt(ctx context.Context, id bot.QuestionID, channelID, messageID string) error {
	return q.execOne(ctx, `UPDATE questions SET receipt_channel_id = ?, receipt_message_id = ? WHERE id = ?`, channelID, messageID, id)
}

// SetQuestionStatus moves a question along.
func (q *Queries) SetQuestionStatus(ctx context.Context, id bot.QuestionID, status bot.QuestionStatus, at time.Time) error {
	return q.execOne(ctx, `UPDATE questions SET status = ?, updated_at = ? WHERE id = ?`, status, ms(at), id)
}

// CountQueued counts a condition's waiting questions.
func (q *Queries) CountQueued(ctx context.Context, conditionID bot.ConditionID) (int, error) {
	var n int
	err := q.x.QueryRowContext(ctx, `SELECT count(*) FROM questions WHERE condition_id = ? AND status = 'queued'`, conditionID).Scan(&n)
	return n, err
}

const sessionColumns = `id, guild_id, condition_id, COALESCE(schedule_id, 0), starts_at, ends_at, status, clinician_id, event_id`

func scanSession(row interface{ Scan(...any) error }) (bot.Session, error) {
	var s bot.Session
	var starts, ends int64
	err := row.Scan(&s.ID, &s.GuildID, &s.ConditionID, &s.ScheduleID, &starts, &ends, &s.Status, &s.ClinicianID, &s.EventID)
	if errors.Is(err, sql.ErrNoRows) {
		return s, bot.ErrNotFound
	}
	s.StartsAt, s.EndsAt = fromMS(starts), fromMS(ends)
	return s, err
}

// NextSession returns the condition's open session, or the next one to
// start after the given time.
func (q *Queries) NextSession(ctx context.Context, conditionID bot.ConditionID, after time.Time) (bot.Session, bool, error) {
	s, err := scanSession(q.x.QueryRowContext(ctx, `
		SELECT `+sessionColumns+` FROM sessions
		WHERE condition_id = ? AND (status = 'open' OR (status = 'scheduled' AND starts_at >= ?))
		ORDER BY status = 'open' DESC, starts_at LIMIT 1`, conditionID, ms(after)))
	if err == bot.ErrNotFound {
		return s, false, nil
	}
	return s, err == nil, err
}

// Membership returns a person's membership of a condition.
func (q *Queries) Membership(ctx context.Context, guildID, userID string, conditionID bot.ConditionID) (bot.Membership, error) {
	m := bot.Membership{GuildID: guildID, UserID: userID, ConditionID: conditionID}
	var at int64
	err := q.x.QueryRowContext(ctx, `
		SELECT mentor, joined_at FROM memberships WHERE guild_id = ? AND user_id = ? AND condition_id = ?`,
		guildID, userID, conditionID).Scan(&m.Mentor, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return m, bot.ErrNotFound
	}
	m.JoinedAt = fromMS(at)
	return m, err
}
