package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/peerhours/peerhours/bot"
)

const feedbackColumns = `question_id, guild_id, condition_id, user_id, asked_at, prompt_channel_id, prompt_message_id,
	helpful, answered_at`

// AddFeedback stores a "Was this helpful?" prompt once.
func (q *Queries) AddFeedback(ctx context.Context, f bot.Feedback) (bool, error) {
	res, err := q.x.ExecContext(ctx, `
		INSERT INTO question_feedback (question_id, guild_id, condition_id, user_id, asked_at, helpful)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (question_id) DO NOTHING`,
		f.QuestionID, f.GuildID, f.ConditionID, f.UserID, ms(f.AskedAt), int(bot.HelpfulUnanswered))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Feedback returns a question's prompt and answer.
func (q *Queries) Feedback(ctx context.Context, questionID bot.QuestionID) (bot.Feedback, error) {
	var f bot.Feedback
	var asked, answered int64
	var helpful int
	err := q.x.QueryRowContext(ctx, `SELECT `+feedbackColumns+` FROM question_feedback WHERE question_id = ?`, questionID).
		Scan(&f.QuestionID, &f.GuildID, &f.ConditionID, &f.UserID, &asked, &f.PromptChannelID, &f.PromptMessageID,
			&helpful, &answered)
	if errors.Is(err, sql.ErrNoRows) {
		return f, bot.ErrNotFound
	}
	f.AskedAt, f.AnsweredAt, f.Helpful = fromMS(asked), fromMS(answered), bot.Helpfulness(helpful)
	return f, err
}

// SetFeedbackPrompt records where the prompt was posted.
func (q *Queries) SetFeedbackPrompt(ctx context.Context, questionID bot.QuestionID, channelID, messageID string) error {
	return q.execOne(ctx, `UPDATE question_feedback SET prompt_channel_id = ?, prompt_message_id = ? WHERE question_id = ?`,
		channelID, messageID, questionID)
}

// SetFeedbackAnswer records the asker's answer once.
func (q *Queries) SetFeedbackAnswer(ctx context.Context, questionID bot.QuestionID, h bot.Helpfulness, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE question_feedback SET helpful = ?, answered_at = ? WHERE question_id = ? AND helpful = ?`,
		int(h), ms(at), questionID, int(bot.HelpfulUnanswered))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// StatsFacts reads what /stats counts in [from, to): questions asked,
// sessions that started and emergency alerts opened then. conditionID 0
// reads every condition of the server.
func (q *Queries) StatsFacts(ctx context.Context, guildID string, conditionID bot.ConditionID, from, to time.Time) (bot.StatsFacts, error) {
	var facts bot.StatsFacts
	args := []any{guildID, conditionID, conditionID, ms(from), ms(to)}
	rows, err := q.x.QueryContext(ctx, `
		SELECT q.id, q.created_at, q.status,
		       COALESCE((SELECT min(CASE WHEN sq.taken_at > 0 THEN sq.taken_at ELSE sq.done_at END)
		                 FROM session_questions sq
		                 WHERE sq.question_id = q.id AND (sq.taken_at > 0 OR sq.outcome = 'answered')), 0),
		       COALESCE((SELECT max(sq.done_at) FROM session_questions sq
		                 WHERE sq.question_id = q.id AND sq.outcome = 'answered'), 0),
		       COALESCE(f.helpful, -1)
		FROM questions q LEFT JOIN question_feedback f ON f.question_id = q.id
		WHERE q.guild_id = ? AND (? = 0 OR q.condition_id = ?) AND q.created_at >= ? AND q.created_at < ?
		ORDER BY q.id`, args...)
	if err != nil {
		return facts, err
	}
	for rows.Next() {
		var f bot.QuestionFact
		var asked, taken, answered int64
		var helpful int
		if err := rows.Scan(&f.ID, &asked, &f.Status, &taken, &answered, &helpful); err != nil {
			rows.Close()
			return facts, err
		}
		f.AskedAt, f.TakenAt, f.AnsweredAt, f.Helpful = fromMS(asked), fromMS(taken), fromMS(answered), bot.Helpfulness(helpful)
		facts.Questions = append(facts.Questions, f)
	}
	if err := closeRows(rows); err != nil {
		return facts, err
	}
	rows, err = q.x.QueryContext(ctx, `
		SELECT s.id, s.starts_at, s.status, s.first_action_at,
		       (SELECT count(*) FROM session_questions sq WHERE sq.session_id = s.id AND sq.outcome = 'rolled_over')
		FROM sessions s
		WHERE s.guild_id = ? AND (? = 0 OR s.condition_id = ?) AND s.starts_at >= ? AND s.starts_at < ?
		ORDER BY s.id`, args...)
	if err != nil {
		return facts, err
	}
	for rows.Next() {
		var f bot.SessionFact
		var starts, action int64
		if err := rows.Scan(&f.ID, &starts, &f.Status, &action, &f.RolledOver); err != nil {
			rows.Close()
			return facts, err
		}
		f.StartsAt, f.FirstActionAt = fromMS(starts), fromMS(action)
		facts.Sessions = append(facts.Sessions, f)
	}
	if err := closeRows(rows); err != nil {
		return facts, err
	}
	rows, err = q.x.QueryContext(ctx, `
		SELECT opened_at, acknowledged_at FROM alerts
		WHERE guild_id = ? AND (? = 0 OR condition_id = ?) AND opened_at >= ? AND opened_at < ? AND kind IN ('emergency', 'llm')
		ORDER BY id`, args...)
	if err != nil {
		return facts, err
	}
	for rows.Next() {
		var f bot.AlertFact
		var opened, acked int64
		if err := rows.Scan(&opened, &acked); err != nil {
			rows.Close()
			return facts, err
		}
		f.OpenedAt, f.AcknowledgedAt = fromMS(opened), fromMS(acked)
		facts.Alerts = append(facts.Alerts, f)
	}
	return facts, closeRows(rows)
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}
