package bot

import (
	"context"
	"time"
)

// OfficeHoursStore is the persistence office hours need: schedules,
// sessions and working through the queue.
type OfficeHoursStore interface {
	CreateSchedule(ctx context.Context, s Schedule) (Schedule, error)
	Schedule(ctx context.Context, id ScheduleID) (Schedule, error)
	// ConditionSchedules lists a condition's schedules that were not
	// cancelled.
	ConditionSchedules(ctx context.Context, conditionID ConditionID) ([]Schedule, error)
	CancelSchedule(ctx context.Context, id ScheduleID, at time.Time) error

	// AddSession stores a session; one with the same schedule and start
	// already stored is returned as it is, with false.
	AddSession(ctx context.Context, s OfficeSession) (OfficeSession, bool, error)
	OfficeSession(ctx context.Context, id SessionID) (OfficeSession, error)
	// MoveSession changes a session's status from one to another, recording
	// when and by whom it opened or closed, and reports false when the
	// session was not in from.
	MoveSession(ctx context.Context, id SessionID, from, to SessionStatus, at time.Time, by string) (bool, error)
	SetSessionEvent(ctx context.Context, id SessionID, eventID string) error
	SetSessionPost(ctx context.Context, id SessionID, messageID string) error
	// MarkSessionAction records the first clinician action; later ones
	// change nothing.
	MarkSessionAction(ctx context.Context, id SessionID, at time.Time) error
	// MarkSessionLate records the running-late notice and reports false
	// when it was recorded before.
	MarkSessionLate(ctx context.Context, id SessionID, at time.Time) (bool, error)
	// ScheduleSessions lists every session of a schedule, by start.
	ScheduleSessions(ctx context.Context, scheduleID ScheduleID) ([]OfficeSession, error)
	// ConditionSessions lists a condition's sessions in these statuses
	// that end after the given time, by start.
	ConditionSessions(ctx context.Context, conditionID ConditionID, after time.Time, statuses ...SessionStatus) ([]OfficeSession, error)
	// GuildSessions lists a server's sessions in these statuses that end
	// after the given time, by start, at most limit.
	GuildSessions(ctx context.Context, guildID string, after time.Time, limit int, statuses ...SessionStatus) ([]OfficeSession, error)

	// Queue lists a condition's questions that are queued or taken, in
	// queue order: priority, then age.
	Queue(ctx context.Context, conditionID ConditionID) ([]Question, error)
	// SetQuestionSession records the session a question was taken or
	// answered in, and its status.
	SetQuestionSession(ctx context.Context, id QuestionID, sessionID SessionID, status QuestionStatus, at time.Time) error
	SetQuestionThread(ctx context.Context, id QuestionID, threadID string) error

	// AddSessionQuestion stores a question's place in a session; one
	// already there is left alone.
	AddSessionQuestion(ctx context.Context, sq SessionQuestion) error
	SessionQuestion(ctx context.Context, sessionID SessionID, questionID QuestionID) (SessionQuestion, error)
	// SessionQuestions lists a session's questions by position.
	SessionQuestions(ctx context.Context, sessionID SessionID) ([]SessionQuestion, error)
	SetSessionQuestionMessage(ctx context.Context, sessionID SessionID, questionID QuestionID, messageID string) error
	// SetSessionQuestionOutcome writes the outcome, who took it and when.
	SetSessionQuestionOutcome(ctx context.Context, sq SessionQuestion) error
	// HandlingTimes returns how long recent questions of a condition took
	// from taken to answered, newest first, at most limit.
	HandlingTimes(ctx context.Context, conditionID ConditionID, limit int) ([]time.Duration, error)
}

// OfficeHoursDiscord is what office hours ask of Discord besides posting:
// scheduled events and threads for questions.
type OfficeHoursDiscord interface {
	// CreateEvent creates a scheduled event and returns its ID.
	CreateEvent(ctx context.Context, guildID string, e EventSpec) (eventID string, err error)
	// SetEventStatus starts, completes or cancels an event. An event that
	// is already over is left as it is.
	SetEventStatus(ctx context.Context, guildID, eventID string, status EventStatus) error
	// StartPrivateThread opens a private thread in a channel with these
	// members; only they (and moderators of the channel) can see it.
	StartPrivateThread(ctx context.Context, channelID, name string, memberIDs []string) (threadID string, err error)
}

// EventSpec describes a scheduled event: an external event located at a
// channel's address, so it shows in the server's event list with a start,
// an end and a link.
type EventSpec struct {
	Name        string
	Description string
	Location    string
	Start, End  time.Time
}

// EventStatus is the state of a scheduled event.
type EventStatus int

const (
	EventScheduled EventStatus = iota
	EventActive
	EventCompleted
	EventCancelled
)

// SessionStatus is where an office-hours session stands. The values are
// stored.
type SessionStatus string

// Session statuses.
const (
	SessionScheduled SessionStatus = "scheduled"
	SessionOpen      SessionStatus = "open"
	SessionClosed    SessionStatus = "closed"
	SessionCancelled SessionStatus = "cancelled"
)

// OfficeSession is a Session with what running it records.
type OfficeSession struct {
	Session
	Occurrence     int    // which occurrence of its schedule; 0 for sessions opened by hand
	Timezone       string // the schedule's zone, for showing local times
	OpenedAt       time.Time
	ClosedAt       time.Time
	FirstActionAt  time.Time // the first Take, Answered, Move or /queue next
	LateAt         time.Time // when the running-late notice went out
	OpenedBy       string    // who opened it by hand
	ClosedBy       string
	QueueMessageID string // the post that opened it
}

// Opened reports whether the session ever opened.
func (s OfficeSession) Opened() bool { return !s.OpenedAt.IsZero() }

// Outcome is where a question stands in one session. The values are
// stored.
type Outcome string

// Outcomes of a question in a session.
const (
	OutcomeWaiting    Outcome = "waiting"
	OutcomeTaken      Outcome = "taken"
	OutcomeAnswered   Outcome = "answered"
	OutcomeMoved      Outcome = "moved"       // moved to the next session by a clinician
	OutcomeRolledOver Outcome = "rolled_over" // still waiting when the session closed
	OutcomeWithdrawn  Outcome = "withdrawn"
)

// SessionQuestion is a question's part in one session.
type SessionQuestion struct {
	SessionID  SessionID
	QuestionID QuestionID
	Position   int    // 1-based place in the session's queue
	MessageID  string // its post in the office-hours channel
	Outcome    Outcome
	TakenBy    string
	TakenAt    time.Time
	DoneAt     time.Time
}
