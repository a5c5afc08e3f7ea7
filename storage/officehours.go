package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// msOrNone stores a time as unix milliseconds, and the zero time as 0.
func msOrNone(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

const scheduleColumns = `id, guild_id, condition_id, first_local, timezone, duration_minutes, repeat,
	clinician_id, created_by, created_at, cancelled_at, rule`

func scanSchedule(row interface{ Scan(...any) error }) (bot.Schedule, error) {
	var s bot.Schedule
	var first, repeat string
	var minutes, created, cancelled int64
	err := row.Scan(&s.ID, &s.GuildID, &s.ConditionID, &first, &s.Timezone, &minutes, &repeat,
		&s.ClinicianID, &s.CreatedBy, &created, &cancelled, &s.Rule)
	if errors.Is(err, sql.ErrNoRows) {
		return s, bot.ErrNotFound
	}
	if err != nil {
		return s, err
	}
	if s.First, err = bot.ParseLocalTime(first); err != nil {
		return s, err
	}
	if s.Location, err = time.LoadLocation(s.Timezone); err != nil {
		return s, err
	}
	s.Duration, s.Repeat = time.Duration(minutes)*time.Minute, bot.Repeat(repeat)
	s.CreatedAt, s.CancelledAt = fromMS(created), fromMS(cancelled)
	return s, nil
}

// CreateSchedule stores a schedule and returns it with its ID.
func (q *Queries) CreateSchedule(ctx context.Context, s bot.Schedule) (bot.Schedule, error) {
	var err error
	s.ID, err = asID[bot.ScheduleID](q.insertID(ctx, `
		INSERT INTO schedules (guild_id, condition_id, first_local, timezone, duration_minutes, repeat,
		                       clinician_id, created_by, created_at, rule)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.GuildID, s.ConditionID, s.First.String(), s.Timezone, int64(s.Duration/time.Minute), string(s.Repeat),
		s.ClinicianID, s.CreatedBy, ms(s.CreatedAt), s.Rule))
	return s, err
}

// Schedule returns a schedule by ID.
func (q *Queries) Schedule(ctx context.Context, id bot.ScheduleID) (bot.Schedule, error) {
	return scanSchedule(q.x.QueryRowContext(ctx, `SELECT `+scheduleColumns+` FROM schedules WHERE id = ?`, id))
}

// ConditionSchedules lists a condition's schedules that were not cancelled.
func (q *Queries) ConditionSchedules(ctx context.Context, conditionID bot.ConditionID) ([]bot.Schedule, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+scheduleColumns+` FROM schedules
		WHERE condition_id = ? AND cancelled_at = 0 ORDER BY id`, conditionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Schedule
	for rows.Next() {
		s, err := scanSchedule(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ClinicianSchedules lists the schedules a clinician runs in a server,
// those cancelled since the given time included.
func (q *Queries) ClinicianSchedules(ctx context.Context, guildID, userID string, since time.Time) ([]bot.Schedule, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+scheduleColumns+` FROM schedules
		WHERE guild_id = ? AND clinician_id = ? AND (cancelled_at = 0 OR cancelled_at > ?) ORDER BY id`, guildID, userID, ms(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Schedule
	for rows.Next() {
		s, err := scanSchedule(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// CancelSchedule marks a schedule cancelled.
func (q *Queries) CancelSchedule(ctx context.Context, id bot.ScheduleID, at time.Time) error {
	return q.execOne(ctx, `UPDATE schedules SET cancelled_at = ? WHERE id = ? AND cancelled_at = 0`, ms(at), id)
}

const officeSessionColumns = `id, guild_id, condition_id, COALESCE(schedule_id, 0), starts_at, ends_at, status,
	clinician_id, event_id, occurrence, timezone, opened_at, closed_at, first_action_at, late_at,
	opened_by, closed_by, queue_message_id`

func scanOfficeSession(row interface{ Scan(...any) error }) (bot.OfficeSession, error) {
	var s bot.OfficeSession
	var starts, ends, opened, closed, action, late int64
	err := row.Scan(&s.ID, &s.GuildID, &s.ConditionID, &s.ScheduleID, &starts, &ends, &s.Status,
		&s.ClinicianID, &s.EventID, &s.Occurrence, &s.Timezone, &opened, &closed, &action, &late,
		&s.OpenedBy, &s.ClosedBy, &s.QueueMessageID)
	if errors.Is(err, sql.ErrNoRows) {
		return s, bot.ErrNotFound
	}
	s.StartsAt, s.EndsAt = fromMS(starts), fromMS(ends)
	s.OpenedAt, s.ClosedAt, s.FirstActionAt, s.LateAt = fromMS(opened), fromMS(closed), fromMS(action), fromMS(late)
	return s, err
}

func (q *Queries) officeSessions(ctx context.Context, query string, args ...any) ([]bot.OfficeSession, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+officeSessionColumns+` FROM sessions `+query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.OfficeSession
	for rows.Next() {
		s, err := scanOfficeSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// AddSession stores a session, or returns the one its schedule already has
// at that start with false.
func (q *Queries) AddSession(ctx context.Context, s bot.OfficeSession) (bot.OfficeSession, bool, error) {
	var schedule any
	if s.ScheduleID != 0 {
		schedule = s.ScheduleID
	}
	status := s.Status
	if status == "" {
		status = bot.SessionScheduled
	}
	id, err := q.insertID(ctx, `
		INSERT INTO sessions (guild_id, condition_id, schedule_id, starts_at, ends_at, status, clinician_id,
		                      occurrence, timezone)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (schedule_id, starts_at) DO NOTHING`,
		s.GuildID, s.ConditionID, schedule, ms(s.StartsAt), ms(s.EndsAt), status, s.ClinicianID, s.Occurrence, s.Timezone)
	if errors.Is(err, sql.ErrNoRows) {
		got, err := scanOfficeSession(q.x.QueryRowContext(ctx, `SELECT `+officeSessionColumns+` FROM sessions
			WHERE schedule_id = ? AND starts_at = ?`, s.ScheduleID, ms(s.StartsAt)))
		return got, false, err
	}
	if err != nil {
		return s, false, err
	}
	got, err := q.OfficeSession(ctx, bot.SessionID(id))
	return got, err == nil, err
}

// OfficeSession returns a session by ID.
func (q *Queries) OfficeSession(ctx context.Context, id bot.SessionID) (bot.OfficeSession, error) {
	return scanOfficeSession(q.x.QueryRowContext(ctx, `SELECT `+officeSessionColumns+` FROM sessions WHERE id = ?`, id))
}

// MoveSession changes a session's status if it is in from; opening and
// closing record when and by whom.
func (q *Queries) MoveSession(ctx context.Context, id bot.SessionID, from, to bot.SessionStatus, at time.Time, by string) (bool, error) {
	set, args := `status = ?`, []any{to}
	switch to {
	case bot.SessionOpen:
		set, args = set+`, opened_at = ?, opened_by = ?`, append(args, ms(at), by)
	case bot.SessionClosed, bot.SessionCancelled:
		set, args = set+`, closed_at = ?, closed_by = ?`, append(args, ms(at), by)
	}
	res, err := q.x.ExecContext(ctx, `UPDATE sessions SET `+set+` WHERE id = ? AND status = ?`, append(args, id, from)...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetSessionEvent records a session's scheduled event.
func (q *Queries) SetSessionEvent(ctx context.Context, id bot.SessionID, eventID string) error {
	return q.execOne(ctx, `UPDATE sessions SET event_id = ? WHERE id = ?`, eventID, id)
}

// SetSessionPost records the post that opened a session.
func (q *Queries) SetSessionPost(ctx context.Context, id bot.SessionID, messageID string) error {
	return q.execOne(ctx, `UPDATE sessions SET queue_message_id = ? WHERE id = ?`, messageID, id)
}

// MarkSessionAction records the first clinician action in a session.
func (q *Queries) MarkSessionAction(ctx context.Context, id bot.SessionID, at time.Time) error {
	_, err := q.x.ExecContext(ctx, `UPDATE sessions SET first_action_at = ? WHERE id = ? AND first_action_at = 0`, ms(at), id)
	return err
}

// MarkSessionLate records the running-late notice, once.
func (q *Queries) MarkSessionLate(ctx context.Context, id bot.SessionID, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE sessions SET late_at = ? WHERE id = ? AND late_at = 0`, ms(at), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ScheduleSessions lists a schedule's sessions by start.
func (q *Queries) ScheduleSessions(ctx context.Context, scheduleID bot.ScheduleID) ([]bot.OfficeSession, error) {
	return q.officeSessions(ctx, `WHERE schedule_id = ? ORDER BY starts_at`, scheduleID)
}

func statusList(statuses []bot.SessionStatus) (string, []any) {
	if len(statuses) == 0 {
		return "1 = 1", nil // a bare 1 is no condition on PostgreSQL
	}
	args := make([]any, len(statuses))
	for i, s := range statuses {
		args[i] = string(s)
	}
	return "status IN (?" + strings.Repeat(", ?", len(statuses)-1) + ")", args
}

// ConditionSessions lists a condition's sessions in these statuses ending
// after the given time, by start.
func (q *Queries) ConditionSessions(ctx context.Context, conditionID bot.ConditionID, after time.Time, statuses ...bot.SessionStatus) ([]bot.OfficeSession, error) {
	cond, args := statusList(statuses)
	return q.officeSessions(ctx, `WHERE condition_id = ? AND ends_at > ? AND `+cond+` ORDER BY starts_at, id`,
		append([]any{conditionID, msOrNone(after)}, args...)...)
}

// GuildSessions lists a server's sessions in these statuses ending after
// the given time, by start.
func (q *Queries) GuildSessions(ctx context.Context, guildID string, after time.Time, limit int, statuses ...bot.SessionStatus) ([]bot.OfficeSession, error) {
	cond, args := statusList(statuses)
	return q.officeSessions(ctx, `WHERE guild_id = ? AND ends_at > ? AND `+cond+` ORDER BY starts_at, id LIMIT ?`,
		append(append([]any{guildID, msOrNone(after)}, args...), limit)...)
}

// Queue lists a condition's queued and taken questions: priority first,
// then the oldest.
func (q *Queries) Queue(ctx context.Context, conditionID bot.ConditionID) ([]bot.Question, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+questionColumns+` FROM questions
		WHERE condition_id = ? AND status IN ('queued', 'taken')
		ORDER BY priority DESC, created_at, id`, conditionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Question
	for rows.Next() {
		x, err := scanQuestion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// SetQuestionSession records the session a question was taken or answered
// in, with its new status.
func (q *Queries) SetQuestionSession(ctx context.Context, id bot.QuestionID, sessionID bot.SessionID, status bot.QuestionStatus, at time.Time) error {
	return q.execOne(ctx, `UPDATE questions SET session_id = ?, status = ?, updated_at = ? WHERE id = ?`, sessionID, status, ms(at), id)
}

// SetQuestionThread records the thread a question is answered in.
func (q *Queries) SetQuestionThread(ctx context.Context, id bot.QuestionID, threadID string) error {
	return q.execOne(ctx, `UPDATE questions SET thread_id = ? WHERE id = ?`, threadID, id)
}

const sessionQuestionColumns = `session_id, question_id, position, message_id, outcome, taken_by, taken_at, done_at`

func scanSessionQuestion(row interface{ Scan(...any) error }) (bot.SessionQuestion, error) {
	var sq bot.SessionQuestion
	var taken, done int64
	err := row.Scan(&sq.SessionID, &sq.QuestionID, &sq.Position, &sq.MessageID, &sq.Outcome, &sq.TakenBy, &taken, &done)
	if errors.Is(err, sql.ErrNoRows) {
		return sq, bot.ErrNotFound
	}
	sq.TakenAt, sq.DoneAt = fromMS(taken), fromMS(done)
	return sq, err
}

// AddSessionQuestion stores a question's place in a session, once.
func (q *Queries) AddSessionQuestion(ctx context.Context, sq bot.SessionQuestion) error {
	outcome := sq.Outcome
	if outcome == "" {
		outcome = bot.OutcomeWaiting
	}
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO session_questions (session_id, question_id, position, outcome) VALUES (?, ?, ?, ?)
		ON CONFLICT (session_id, question_id) DO NOTHING`, sq.SessionID, sq.QuestionID, sq.Position, outcome)
	return err
}

// SessionQuestion returns a question's part in a session.
func (q *Queries) SessionQuestion(ctx context.Context, sessionID bot.SessionID, questionID bot.QuestionID) (bot.SessionQuestion, error) {
	return scanSessionQuestion(q.x.QueryRowContext(ctx, `SELECT `+sessionQuestionColumns+` FROM session_questions
		WHERE session_id = ? AND question_id = ?`, sessionID, questionID))
}

// SessionQuestions lists a session's questions by position.
func (q *Queries) SessionQuestions(ctx context.Context, sessionID bot.SessionID) ([]bot.SessionQuestion, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+sessionQuestionColumns+` FROM session_questions
		WHERE session_id = ? ORDER BY position, question_id`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.SessionQuestion
	for rows.Next() {
		sq, err := scanSessionQuestion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sq)
	}
	return out, rows.Err()
}

// SetSessionQuestionMessage records a question's post in a session.
func (q *Queries) SetSessionQuestionMessage(ctx context.Context, sessionID bot.SessionID, questionID bot.QuestionID, messageID string) error {
	return q.execOne(ctx, `UPDATE session_questions SET message_id = ? WHERE session_id = ? AND question_id = ?`,
		messageID, sessionID, questionID)
}

// SetSessionQuestionOutcome records a question's outcome in a session.
func (q *Queries) SetSessionQuestionOutcome(ctx context.Context, sq bot.SessionQuestion) error {
	return q.execOne(ctx, `UPDATE session_questions SET outcome = ?, taken_by = ?, taken_at = ?, done_at = ?
		WHERE session_id = ? AND question_id = ?`,
		sq.Outcome, sq.TakenBy, msOrNone(sq.TakenAt), msOrNone(sq.DoneAt), sq.SessionID, sq.QuestionID)
}

// HandlingTimes returns how long a condition's recently answered questions
// took from taken to answered, newest first.
func (q *Queries) HandlingTimes(ctx context.Context, conditionID bot.ConditionID, limit int) ([]time.Duration, error) {
	rows, err := q.x.QueryContext(ctx, `
		SELECT sq.done_at - sq.taken_at FROM session_questions sq JOIN sessions s ON s.id = sq.session_id
		WHERE s.condition_id = ? AND sq.outcome = 'answered' AND sq.taken_at > 0 AND sq.done_at >= sq.taken_at
		ORDER BY sq.done_at DESC LIMIT ?`, conditionID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Duration
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		out = append(out, time.Duration(d)*time.Millisecond)
	}
	return out, rows.Err()
}
