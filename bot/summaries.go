package bot

import (
	"context"
	"time"
)

// SummaryStore is the persistence summaries need: captured messages,
// summaries and their review.
type SummaryStore interface {
	// CaptureMessage stores a message's text once per message ID and
	// reports whether it was new. An edit goes through EditCapturedMessage.
	CaptureMessage(ctx context.Context, m CapturedMessage) (bool, error)
	// EditCapturedMessage replaces the stored text of a message, if it is
	// stored, and reports whether it was.
	EditCapturedMessage(ctx context.Context, messageID, content string, at time.Time) (bool, error)
	// DeleteCapturedMessages erases the stored text of these messages.
	DeleteCapturedMessages(ctx context.Context, messageIDs ...string) (int, error)
	// DeleteCapturedMessagesBy erases the stored text of every message a
	// member wrote in a server (/privacy delete).
	DeleteCapturedMessagesBy(ctx context.Context, guildID, userID string) (int, error)
	// PurgeCapturedBefore erases message text written before the cutoff and
	// the bodies of summaries made before it, and reports how many messages
	// went.
	PurgeCapturedBefore(ctx context.Context, cutoff time.Time) (int, error)
	// CapturedMessages returns the stored messages of a channel and the
	// threads whose parent it is, written in [from, to), newest last, at most
	// limit (the newest ones), leaving out members who opted out of
	// summaries. Each carries its triage decision when it has one.
	CapturedMessages(ctx context.Context, channelID string, from, to time.Time, limit int) ([]CapturedMessage, error)
	// CapturedIDs reports which of these message IDs are stored.
	CapturedIDs(ctx context.Context, messageIDs []string) (map[string]bool, error)
	// LastCapturedMessage returns the newest message stored from a
	// channel itself (not its threads), or "" when there is none.
	LastCapturedMessage(ctx context.Context, channelID string) (string, error)

	// SetSummaryOptOut records whether a member is left out of summaries.
	SetSummaryOptOut(ctx context.Context, guildID, userID string, optOut bool, at time.Time) error
	// Summarisable reports whether a member's messages may be kept and
	// summarised: they accepted the guidelines and did not opt out.
	Summarisable(ctx context.Context, guildID, userID string) (bool, error)

	AddSummary(ctx context.Context, sum Summary) (Summary, error)
	Summary(ctx context.Context, id SummaryID) (Summary, error)
	// SummaryByFingerprint returns the newest summary with this fingerprint
	// that was not rejected.
	SummaryByFingerprint(ctx context.Context, fingerprint string) (Summary, error)
	// MarkSummariesOutdated marks the summaries of these channels outdated
	// and returns the IDs of those that were not yet.
	MarkSummariesOutdated(ctx context.Context, channelIDs ...string) ([]SummaryID, error)
	// ReviewSummary stores the first review decision only and reports
	// whether this one was it.
	ReviewSummary(ctx context.Context, id SummaryID, status ReviewStatus, by, reason string, at time.Time) (bool, error)
	// SummaryPosts returns the message IDs of a summary's posted parts, by part.
	SummaryPosts(ctx context.Context, summaryID SummaryID) (map[int]string, error)
	SetSummaryPost(ctx context.Context, summaryID SummaryID, part int, channelID, messageID string) error

	// AddAgendaItem adds an item to a condition's next office hours; one
	// per summary.
	AddAgendaItem(ctx context.Context, a AgendaItem) (AgendaItem, error)
	// OpenAgendaItems lists a condition's agenda items not yet dealt with,
	// oldest first.
	OpenAgendaItems(ctx context.Context, conditionID ConditionID) ([]AgendaItem, error)
	// CloseAgendaItem marks an item dealt with in a session.
	CloseAgendaItem(ctx context.Context, id AgendaItemID, sessionID SessionID, at time.Time) error

	SetDigest(ctx context.Context, d Digest) error
	DeleteDigest(ctx context.Context, conditionID ConditionID) (bool, error)
	Digest(ctx context.Context, conditionID ConditionID) (Digest, error)
	Digests(ctx context.Context) ([]Digest, error)
}

// CapturedMessage is a message of a condition channel or one of its threads
// whose text is kept (for RETENTION_DAYS at most) so it can be summarised.
// Only messages of members who accepted the guidelines are kept.
type CapturedMessage struct {
	ID          string
	GuildID     string
	ChannelID   string
	ParentID    string // the channel of the thread it is in, or ""
	ConditionID ConditionID
	AuthorID    string
	Content     string
	ReplyTo     string // the message it answers, or ""
	CreatedAt   time.Time
	EditedAt    time.Time
	CapturedAt  time.Time
	// Category and Reasons are its triage decision, when it has one
	// (filled by CapturedMessages; a backfilled message has none).
	Category string
	Reasons  []string
}

// SummaryKind says how a summary was made. The values are stored.
type SummaryKind string

// Summary kinds.
const (
	SummaryLLM        SummaryKind = "llm"        // drafted by the LLM, checked in code
	SummaryExtractive SummaryKind = "extractive" // built from the messages themselves
)

// ReviewStatus is where a summary's review stands. The values are stored.
type ReviewStatus string

// Review statuses of a summary.
const (
	ReviewPending  ReviewStatus = "pending"
	ReviewApproved ReviewStatus = "approved"
	ReviewFollowUp ReviewStatus = "follow_up"
	ReviewRejected ReviewStatus = "rejected"
)

// SummaryOrigin says where a summary request came from. The values are
// stored.
type SummaryOrigin string

// Where a summary request came from.
const (
	OriginCommand SummaryOrigin = "command"
	OriginDigest  SummaryOrigin = "digest"
)

// Summary is a stored draft and its review.
type Summary struct {
	ID          SummaryID
	GuildID     string
	ConditionID ConditionID
	ChannelID   string // the channel or thread summarised
	ParentID    string // the thread's channel, or ""
	Focus       string
	From, To    time.Time // the window asked for
	Last        int       // the message limit asked for
	Fingerprint string
	Kind        SummaryKind // SummaryLLM or SummaryExtractive
	// Fallback says why an extractive summary was made: "no_llm", or the
	// LLM failure's kind.
	Fallback    string
	Draft       Draft
	Sources     int // messages summarised
	Authors     int // distinct members among them
	FirstAt     time.Time
	LastAt      time.Time
	RequestedBy string
	Origin      SummaryOrigin
	Status      ReviewStatus
	ReviewedBy  string
	ReviewedAt  time.Time
	Reason      string // a rejection's reason
	Outdated    bool
	// Expired is set once RETENTION_DAYS have passed: the draft's text is
	// erased, the review record stays.
	Expired   bool
	CreatedAt time.Time
	// Erased counts the statements removed because the messages they
	// rested on or repeated were erased (erasure.go); a draft that lost
	// any cannot be approved as drafted.
	Erased int
}

// Draft is a summary's content. Every item cites the messages it rests on,
// by Discord message ID once stored (by the reference the LLM was given
// while it is being drafted).
type Draft struct {
	Overview       SummaryItem   `json:"overview"`
	Themes         []SummaryItem `json:"themes"`
	Questions      []SummaryItem `json:"questions"`
	Misinformation []SummaryItem `json:"misinformation"`
	Safety         []SummaryItem `json:"safety"`
	// Flagged holds statements of the LLM that read as instructions to
	// patients ("double your insulin tonight"): shown to the reviewer as
	// the model's wording to check, never as the summary's voice
	// (summary_output.go).
	Flagged []SummaryItem `json:"flagged,omitempty"`
}

// SummaryItem is one statement of a draft and the messages it rests on.
type SummaryItem struct {
	Text  string   `json:"text"`
	Cites []string `json:"cites"`
}

// Empty reports whether the draft says nothing.
func (d Draft) Empty() bool {
	return d.Overview.Text == "" && len(d.Themes)+len(d.Questions)+len(d.Misinformation)+len(d.Safety)+len(d.Flagged) == 0
}

// AgendaItem is something a reviewer marked "Needs follow-up": it waits for
// the condition's next office hours. Office hours read OpenAgendaItems and
// close each item in the session that dealt with it.
type AgendaItem struct {
	ID          AgendaItemID
	GuildID     string
	ConditionID ConditionID
	SummaryID   SummaryID
	AddedBy     string
	AddedAt     time.Time
	SessionID   SessionID // the session that dealt with it; 0 while open
	DoneAt      time.Time
}

// Digest is a condition's daily digest: a summary of the last day of its
// peer channel, posted for review every day at a local time in the
// server's time zone.
type Digest struct {
	ConditionID ConditionID
	GuildID     string
	At          string // "HH:MM", local time
	SetBy       string
	UpdatedAt   time.Time
}

// Summarizer drafts summaries with an LLM. It sees only redacted,
// pseudonymised text, and cites messages by SourceMessage.Ref. Any error
// makes the caller fall back to the extractive summary.
type Summarizer interface {
	Summarize(ctx context.Context, in SummaryInput) (Draft, error)
}

// SummaryInput is what a Summarizer is given.
type SummaryInput struct {
	// Focus steers the summary ("medication side effects"); redacted too.
	Focus    string
	Messages []SourceMessage
	// Language is the conversation's language, which the draft is written
	// in, as a name and code the model knows ("Español (es)"); "" for
	// English.
	Language string
}

// SourceMessage is one redacted message as the LLM sees it.
type SourceMessage struct {
	Ref    string // a short reference the draft cites: "1", "2", …
	Author string // "Member A"
	Text   string
}
