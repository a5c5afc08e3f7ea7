package bot

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/peerhours/peerhours/bot/triage"
)

// Store is the persistence peerhours needs. storage.DB implements it; tests
// use a real SQLite file. Lookups of a single row return ErrNotFound when
// there is none.
type Store interface {
	SummaryStore
	OfficeHoursStore
	PrivacyStore
	ErasureStore
	AuditStore
	ReportStore
	ClinicianStore
	MentorStore
	PeerThreadStore
	CalendarStore
	FeedbackStore
	StatsStore
	FAQStore

	Ping(ctx context.Context) error
	// Atomically runs fn in a transaction: what fn stores through the
	// Store it is given lands together or not at all.
	Atomically(ctx context.Context, fn func(Store) error) error
	// Grouped is Atomically for the small writes every message makes: fn
	// may share its transaction with other callers' (a group commit), an
	// error from fn undoes fn's writes only, and fn may run twice (it
	// must be idempotent: insert once, enqueue by key).
	Grouped(ctx context.Context, fn func(Store) error) error

	// GuildSettings returns the server's settings, or Settings{GuildID: id}
	// when none were saved yet.
	GuildSettings(ctx context.Context, guildID string) (Settings, error)
	SaveGuildSettings(ctx context.Context, s Settings) error

	CreateCondition(ctx context.Context, c Condition) (Condition, error)
	Condition(ctx context.Context, id ConditionID) (Condition, error)
	// ConditionByName matches case-insensitively.
	ConditionByName(ctx context.Context, guildID, name string) (Condition, error)
	Conditions(ctx context.Context, guildID string) ([]Condition, error)
	ArchiveCondition(ctx context.Context, id ConditionID) error
	UpdateConditionParts(ctx context.Context, c Condition) error

	Consent(ctx context.Context, guildID, userID string) (Consent, error)
	SaveConsent(ctx context.Context, c Consent) error
	SaveMembership(ctx context.Context, m Membership) error
	// StopMentoring clears the mentor flag and reports whether it was set.
	StopMentoring(ctx context.Context, guildID, userID string, conditionID ConditionID) (bool, error)
	DeleteMembership(ctx context.Context, guildID, userID string, conditionID ConditionID) (bool, error)
	Memberships(ctx context.Context, guildID string, conditionID ConditionID) ([]Membership, error)
	Membership(ctx context.Context, guildID, userID string, conditionID ConditionID) (Membership, error)
	ConditionByChannel(ctx context.Context, channelID string) (Condition, error)

	// RecordDecision stores a message's first decision and reports false
	// when the message already has one.
	RecordDecision(ctx context.Context, d DecisionRecord) (bool, error)
	// RaiseDecision stores d, replacing an existing decision only with a
	// more severe one.
	RaiseDecision(ctx context.Context, d DecisionRecord) error
	// SetDecision stores d whatever was there: a person's override.
	SetDecision(ctx context.Context, d DecisionRecord) error
	Decision(ctx context.Context, messageID string) (DecisionRecord, error)
	// DecidedIDs reports which of these messages have a decision.
	DecidedIDs(ctx context.Context, messageIDs []string) (map[string]bool, error)
	// LastDecidedMessage returns the newest message ID triaged in a
	// channel, or "" when there is none.
	LastDecidedMessage(ctx context.Context, channelID string) (string, error)
	SetDecisionThread(ctx context.Context, messageID, threadID string) error
	AddOverride(ctx context.Context, o Override) error

	// OpenAlert returns the alert already open for the same person and
	// channel since the given time, counting one more message in it, or
	// stores a as a new one (reported by the bool).
	OpenAlert(ctx context.Context, a Alert, since time.Time) (Alert, bool, error)
	Alert(ctx context.Context, id AlertID) (Alert, error)
	// AlertForMessage returns the alert a person's message in a channel
	// was counted in (ENOTFOUND when none).
	AlertForMessage(ctx context.Context, channelID, userID, messageID string) (Alert, error)
	// SetAlertMessages records the IDs of the posts; empty ones are left alone.
	SetAlertMessages(ctx context.Context, id AlertID, crisisReplyID, alertChannelID, alertMessageID string) error
	// SetAlertRealerted records the re-alert and its post.
	SetAlertRealerted(ctx context.Context, id AlertID, at time.Time, channelID, messageID string) error
	// AcknowledgeAlert records the first acknowledgement only.
	AcknowledgeAlert(ctx context.Context, id AlertID, by string, at time.Time) error

	// AddQuestion queues a question. A question from a message already
	// queued once (and withdrawn or removed) is queued again.
	AddQuestion(ctx context.Context, q Question) (Question, error)
	Question(ctx context.Context, id QuestionID) (Question, error)
	QuestionBySource(ctx context.Context, messageID string) (Question, error)
	// WaitingQuestion returns the user's question in the condition with
	// exactly this text that is still queued or taken, ErrNotFound when
	// there is none.
	WaitingQuestion(ctx context.Context, conditionID ConditionID, userID, text string) (Question, error)
	SetQuestionReceipt(ctx context.Context, id QuestionID, channelID, messageID string) error
	SetQuestionStatus(ctx context.Context, id QuestionID, status QuestionStatus, at time.Time) error
	CountQueued(ctx context.Context, conditionID ConditionID) (int, error)
	// NextSession returns the condition's session that is open or starts
	// next after the given time.
	NextSession(ctx context.Context, conditionID ConditionID, after time.Time) (Session, bool, error)

	// EnqueueJob stores a job; a job with the same key is left as it is.
	EnqueueJob(ctx context.Context, j Job) error
	// ClaimJob claims the job with this key if it is not done and not
	// claimed by a runner that is still within its claim.
	ClaimJob(ctx context.Context, key string, now, until time.Time) (Job, bool, error)
	// ClaimDueJobs claims up to limit jobs due at now.
	ClaimDueJobs(ctx context.Context, now, until time.Time, limit int) ([]Job, error)
	NextJobDue(ctx context.Context) (time.Time, bool, error)
	// ReleaseClaims makes this process the job runner and forgets the
	// claims of earlier runners, at start.
	ReleaseClaims(ctx context.Context) error
	FinishJob(ctx context.Context, id JobID, at time.Time) error
	RetryJob(ctx context.Context, id JobID, due time.Time, attempts int, code string) error
}

// Service is the domain: every use case the adapters call.
type Service struct {
	jobKinds      map[string]jobKind // jobKinds(), read once
	store         Store
	discord       Discord
	llm           TriageLLM  // nil without an LLM
	summarizer    Summarizer // nil without an LLM: extractive summaries
	log           Logger
	metrics       Metrics
	now           func() time.Time
	retentionDays int
	wake          chan struct{}
	jobRunner     bool                       // RunJobs runs beside: see runSoon
	leads         func(context.Context) bool // nil: always (emergency_retry.go, WithLeadership)
	held          emergencyHold
	talk          *recentTalk // people's recent messages, for triage (recent.go)
	classify      func(text string, earlier []string) triage.Decision
	redactors     redactors           // per server, from the member list (members.go)
	peerNames     peerNames           // questions waiting for their peer threads (peer_names.go)
	walBehind     atomic.Bool         // a compact job is waiting for a reader (erasure.go)
	ruleParser    RuleParser          // nil: schedules repeat by the presets only (recurrence.go)
	opinions      chan opinionRequest // the LLM's second opinions to ask (opinions.go)
	alerts        alertLane           // alerts to post after crisis replies (alert_lane.go)
	shownAlerts   shownAlerts         // what alerts' posts show, not to edit them for nothing (alert_shown.go)
}

// Option configures a Service.
type Option func(*Service)

// WithClock replaces time.Now, for tests that need a fixed or moving clock.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithRetentionDays says how long message text is kept (RETENTION_DAYS).
func WithRetentionDays(days int) Option { return func(s *Service) { s.retentionDays = days } }

// WithLogger sets where the domain logs.
func WithLogger(l Logger) Option { return func(s *Service) { s.log = l } }

// WithMetrics sets what counts the domain's work.
func WithMetrics(m Metrics) Option { return func(s *Service) { s.metrics = m } }

// WithClassifier replaces the rules classifier (triage.ClassifyInContext),
// for tests that need to see what triage is given.
func WithClassifier(f func(text string, earlier []string) triage.Decision) Option {
	return func(s *Service) { s.classify = f }
}

// WithTriageLLM enables the LLM's second opinion on triage.
func WithTriageLLM(l TriageLLM) Option { return func(s *Service) { s.llm = l } }

// NewService returns a Service over store that acts on Discord through d.
func NewService(store Store, d Discord, opts ...Option) *Service {
	s := &Service{store: store, discord: d, now: time.Now, retentionDays: 90, jobKinds: jobKinds(),
		log: nopLogger{}, metrics: nopMetrics{}, wake: make(chan struct{}, 1),
		talk: newRecentTalk(), classify: triage.ClassifyInContext, opinions: make(chan opinionRequest, opinionQueue),
		alerts: alertLane{keys: make(chan string, alertLaneSize)}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// Ping reports whether the store answers; /readyz uses it.
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

// Settings returns a server's settings.
func (s *Service) Settings(ctx context.Context, guildID string) (Settings, error) {
	return s.store.GuildSettings(ctx, guildID)
}
