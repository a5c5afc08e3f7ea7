package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/triage"
)

// PersonalData gathers everything stored about a member of a server.
func (q *Queries) PersonalData(ctx context.Context, guildID, userID string) (bot.PersonalData, error) {
	p := bot.PersonalData{GuildID: guildID, UserID: userID}
	if c, err := q.Consent(ctx, guildID, userID); err == nil {
		p.Consent = &c
	} else if err != bot.ErrNotFound {
		return p, err
	}
	var err error
	if p.Memberships, err = q.membershipsOf(ctx, guildID, userID); err != nil {
		return p, err
	}
	var optedAt int64
	switch err := q.x.QueryRowContext(ctx, `SELECT at FROM summary_optouts WHERE guild_id = ? AND user_id = ?`, guildID, userID).Scan(&optedAt); {
	case err == nil:
		p.OptedOut, p.OptedOutAt = true, fromMS(optedAt)
	case !errors.Is(err, sql.ErrNoRows):
		return p, err
	}
	var floor int64
	switch err := q.x.QueryRowContext(ctx, `SELECT since FROM capture_floors WHERE guild_id = ? AND user_id = ?`, guildID, userID).Scan(&floor); {
	case err == nil:
		p.NotStoredBefore = fromMS(floor)
	case !errors.Is(err, sql.ErrNoRows):
		return p, err
	}
	if p.Messages, err = q.capturedBy(ctx, guildID, userID); err != nil {
		return p, err
	}
	if p.Questions, err = q.questionsBy(ctx, guildID, userID); err != nil {
		return p, err
	}
	if p.Decisions, err = q.decisionsAbout(ctx, guildID, userID); err != nil {
		return p, err
	}
	if p.Alerts, err = q.alertsAbout(ctx, guildID, userID); err != nil {
		return p, err
	}
	if p.ConcernsRaised, err = q.reportsBy(ctx, guildID, userID); err != nil {
		return p, err
	}
	ids := make([]string, len(p.Messages))
	for i, m := range p.Messages {
		ids[i] = m.ID
	}
	sums, err := q.SummariesCiting(ctx, guildID, ids)
	if err != nil {
		return p, err
	}
	p.Summaries = len(sums)
	if p.Audit, err = q.AuditAbout(ctx, guildID, userID); err != nil {
		return p, err
	}
	return p, nil
}

func (q *Queries) membershipsOf(ctx context.Context, guildID, userID string) ([]bot.MembershipInfo, error) {
	rows, err := q.x.QueryContext(ctx, `
		SELECT m.condition_id, c.name, m.mentor, m.joined_at
		FROM memberships m JOIN conditions c ON c.id = m.condition_id
		WHERE m.guild_id = ? AND m.user_id = ? ORDER BY m.joined_at, m.condition_id`, guildID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.MembershipInfo
	for rows.Next() {
		var m bot.MembershipInfo
		var at int64
		if err := rows.Scan(&m.ConditionID, &m.Condition, &m.Mentor, &at); err != nil {
			return nil, err
		}
		m.JoinedAt = fromMS(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

func (q *Queries) capturedBy(ctx context.Context, guildID, userID string) ([]bot.CapturedMessage, error) {
	rows, err := q.x.QueryContext(ctx, `
		SELECT message_id, guild_id, channel_id, parent_id, condition_id, author_id, content, reply_to,
		       created_at, edited_at, captured_at
		FROM captured_messages WHERE guild_id = ? AND author_id = ? ORDER BY created_at, message_id`, guildID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.CapturedMessage
	for rows.Next() {
		var m bot.CapturedMessage
		var created, edited, captured int64
		if err := rows.Scan(&m.ID, &m.GuildID, &m.ChannelID, &m.ParentID, &m.ConditionID, &m.AuthorID, &m.Content,
			&m.ReplyTo, &created, &edited, &captured); err != nil {
			return nil, err
		}
		m.CreatedAt, m.EditedAt, m.CapturedAt = fromMS(created), fromMS(edited), fromMS(captured)
		out = append(out, m)
	}
	return out, rows.Err()
}

func (q *Queries) questionsBy(ctx context.Context, guildID, userID string) ([]bot.Question, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+questionColumns+` FROM questions WHERE guild_id = ? AND user_id = ? ORDER BY id`, guildID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Question
	for rows.Next() {
		qu, err := scanQuestion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, qu)
	}
	return out, rows.Err()
}

func (q *Queries) decisionsAbout(ctx context.Context, guildID, userID string) ([]bot.DecisionRecord, error) {
	rows, err := q.x.QueryContext(ctx, `
		SELECT message_id, guild_id, channel_id, parent_id, condition_id, user_id, category, reasons,
		       source, thread_id, created_at, updated_at
		FROM triage_decisions WHERE guild_id = ? AND user_id = ? ORDER BY created_at, message_id`, guildID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.DecisionRecord
	for rows.Next() {
		var d bot.DecisionRecord
		var cat, reasons string
		var created, updated int64
		if err := rows.Scan(&d.MessageID, &d.GuildID, &d.ChannelID, &d.ParentID, &d.ConditionID, &d.UserID, &cat, &reasons,
			&d.Source, &d.ThreadID, &created, &updated); err != nil {
			return nil, err
		}
		d.Category, _ = triage.ParseCategory(cat)
		d.Reasons = splitReasons(reasons)
		d.CreatedAt, d.UpdatedAt = fromMS(created), fromMS(updated)
		out = append(out, d)
	}
	return out, rows.Err()
}

func (q *Queries) alertsAbout(ctx context.Context, guildID, userID string) ([]bot.Alert, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+alertColumns+` FROM alerts WHERE guild_id = ? AND user_id = ? ORDER BY id`, guildID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CapturedIDsBy returns the IDs of a member's stored messages.
func (q *Queries) CapturedIDsBy(ctx context.Context, guildID, userID string) ([]string, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT message_id FROM captured_messages WHERE guild_id = ? AND author_id = ?`, guildID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// SummariesCiting returns a server's unexpired summaries whose drafts cite
// any of these messages. Drafts are JSON with the cited IDs as strings, so
// a cheap text match picks candidates and the parsed draft decides.
func (q *Queries) SummariesCiting(ctx context.Context, guildID string, messageIDs []string) ([]bot.Summary, error) {
	if len(messageIDs) == 0 {
		return nil, nil
	}
	want := make(map[string]bool, len(messageIDs))
	for _, id := range messageIDs {
		want[id] = true
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+summaryColumns+` FROM summaries WHERE guild_id = ? AND expired = 0 AND draft != '' ORDER BY id`, guildID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Summary
	for rows.Next() {
		s, err := scanSummary(rows)
		if err != nil {
			return nil, err
		}
		if citesAny(s.Draft, want) {
			out = append(out, s)
		}
	}
	return out, rows.Err()
}

func citesAny(d bot.Draft, want map[string]bool) bool {
	items := append([]bot.SummaryItem{d.Overview}, d.Themes...)
	items = append(items, d.Questions...)
	items = append(items, d.Misinformation...)
	items = append(items, d.Flagged...)
	items = append(items, d.Safety...)
	for _, it := range items {
		for _, c := range it.Cites {
			if want[c] {
				return true
			}
		}
	}
	return false
}

// SetSummaryDraft replaces a summary's draft.
func (q *Queries) SetSummaryDraft(ctx context.Context, id bot.SummaryID, d bot.Draft) error {
	draft, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return q.execOne(ctx, `UPDATE summaries SET draft = ? WHERE id = ?`, string(draft), id)
}

// ErasePerson erases a member's stored text and participation in a server.
// Question rows stay (session reports count them) with their text and asker
// blanked; decisions stay as anonymous counts.
func (q *Queries) ErasePerson(ctx context.Context, guildID, userID string, at time.Time) (bot.Erasure, error) {
	q.changed()
	defer q.changed()
	var er bot.Erasure
	steps := []struct {
		n     *int
		query string
		args  []any
	}{
		{&er.Messages, `DELETE FROM captured_messages WHERE guild_id = ? AND author_id = ?`, []any{guildID, userID}},
		{&er.Questions, `
			UPDATE questions SET text = '', user_id = '', updated_at = ?,
			    status = CASE WHEN status IN ('queued', 'taken') THEN 'removed' ELSE status END
			WHERE guild_id = ? AND user_id = ?`, []any{ms(at), guildID, userID}},
		{&er.Consents, `DELETE FROM consents WHERE guild_id = ? AND user_id = ?`, []any{guildID, userID}},
		{&er.Memberships, `DELETE FROM memberships WHERE guild_id = ? AND user_id = ?`, []any{guildID, userID}},
		{&er.Decisions, `UPDATE triage_decisions SET user_id = '' WHERE guild_id = ? AND user_id = ?`, []any{guildID, userID}},
		// Reports they raised, and reports about them, stay as labels
		// (message, time, outcome) without their ID.
		{&er.Reports, `UPDATE peer_reports SET reporter_id = '' WHERE guild_id = ? AND reporter_id = ?`, []any{guildID, userID}},
		{new(int), `UPDATE peer_reports SET reported_user_id = '' WHERE guild_id = ? AND reported_user_id = ?`, []any{guildID, userID}},
		// A mentor application keeps its decision, not their words or ID;
		// one still pending is withdrawn. Their mentorships end.
		{new(int), `
			UPDATE mentor_applications SET experience = '', user_id = '',
			    status = CASE WHEN status = 'pending' THEN 'declined' ELSE status END,
			    reason = CASE WHEN status = 'pending' THEN 'withdrawn: the applicant erased their data' ELSE reason END
			WHERE guild_id = ? AND user_id = ?`, []any{guildID, userID}},
		{new(int), `DELETE FROM mentors WHERE guild_id = ? AND user_id = ?`, []any{guildID, userID}},
		{new(int), `UPDATE peer_threads SET user_id = '' WHERE guild_id = ? AND user_id = ?`, []any{guildID, userID}},
		// "Was this helpful?" stays as a count without their ID.
		{new(int), `UPDATE question_feedback SET user_id = '' WHERE guild_id = ? AND user_id = ?`, []any{guildID, userID}},
		// FAQ entries are the clinicians' text for everyone: they stay,
		// without the ID of who wrote or reviewed them.
		{new(int), `UPDATE faq_entries SET written_by = '' WHERE guild_id = ? AND written_by = ?`, []any{guildID, userID}},
		{new(int), `UPDATE faq_entries SET reviewed_by = '' WHERE guild_id = ? AND reviewed_by = ?`, []any{guildID, userID}},
	}
	for _, st := range steps {
		res, err := q.x.ExecContext(ctx, st.query, st.args...)
		if err != nil {
			return er, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return er, err
		}
		*st.n = int(n)
	}
	return er, nil
}

// RemoveQueuedQuestions takes a member's queued questions out of the queue.
func (q *Queries) RemoveQueuedQuestions(ctx context.Context, guildID, userID string, at time.Time) ([]bot.QuestionID, error) {
	rows, err := q.x.QueryContext(ctx, `
		UPDATE questions SET status = 'removed', updated_at = ?
		WHERE guild_id = ? AND user_id = ? AND status = 'queued' RETURNING id`, ms(at), guildID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.QuestionID
	for rows.Next() {
		var id bot.QuestionID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// DeleteMemberships removes a member from every group of a server.
func (q *Queries) DeleteMemberships(ctx context.Context, guildID, userID string) (int, error) {
	res, err := q.x.ExecContext(ctx, `DELETE FROM memberships WHERE guild_id = ? AND user_id = ?`, guildID, userID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// QueuedAskers lists the members with queued questions.
func (q *Queries) QueuedAskers(ctx context.Context) ([]bot.GuildMember, error) {
	rows, err := q.x.QueryContext(ctx, `
		SELECT DISTINCT guild_id, user_id FROM questions WHERE status = 'queued' AND user_id != '' ORDER BY guild_id, user_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.GuildMember
	for rows.Next() {
		var m bot.GuildMember
		if err := rows.Scan(&m.GuildID, &m.UserID); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Compact cannot run inside a transaction.
func (t *txStore) Compact(context.Context) error {
	return errors.New("compact: not inside a transaction")
}

// QueueDepths counts each condition's queued questions, for /metrics.
func (db *DB) QueueDepths(ctx context.Context) (map[int64]int, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT c.id, count(q.id) FROM conditions c
		LEFT JOIN questions q ON q.condition_id = c.id AND q.status = 'queued'
		WHERE c.archived = 0 GROUP BY c.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// reportsBy returns the reports a member raised.
func (q *Queries) reportsBy(ctx context.Context, guildID, userID string) ([]bot.PeerReport, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+reportColumns+` FROM peer_reports WHERE guild_id = ? AND reporter_id = ? ORDER BY id`, guildID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.PeerReport
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
