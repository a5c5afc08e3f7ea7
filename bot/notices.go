package bot

import "time"

// A Notice is a message the bot posts. The domain decides what to say and
// to whom; the Discord adapter renders each kind (text, embeds, buttons)
// and sets its allowed mentions: a notice names exactly whom it may ping.
type Notice interface {
	// Channel is where the notice is posted.
	Channel() string
}

// CrisisReply answers an emergency in the channel it was posted in.
type CrisisReply struct {
	ChannelID string
	ReplyTo   string // the message answered
	// EmergencyNumber and CrisisLines are the server's texts (Settings);
	// which of them the reply shows depends on Risk.
	EmergencyNumber string
	CrisisLines     string
	Alerted         bool // a moderator was paged
	Risk            Risk
	// Lang is the language of the reply (its texts above are in it).
	Lang Lang
}

// crisisReply is the reply to an emergency with these reasons, in a
// server with these settings, in l.
func crisisReply(settings Settings, reasons []string, l Lang) CrisisReply {
	return CrisisReply{EmergencyNumber: settings.EmergencyIn(l), CrisisLines: settings.CrisisLinesIn(l),
		Alerted: settings.AlertChannelID != "", Risk: RiskOf(reasons), Lang: l}
}

// EmergencyAlert pages moderators in the alert channel: the first post
// pings the moderator role at once, and a re-alert, posted when nobody
// acknowledged it in five minutes, pings the moderator role again and
// escalates (to EscalationRoleID, or to EscalationUserID, the server's
// owner, when the server set no escalation role). Every post of one alert
// shows the same state: acknowledging any of them marks them all.
type EmergencyAlert struct {
	AlertID AlertID
	// Kind is the alert's (AlertEmergency, AlertLLM, AlertPeer): a private
	// alert says that nothing was posted to the person.
	Kind            AlertKind
	ChannelID       string // the alert channel
	GuildID         string
	SourceChannelID string
	SourceMessageID string
	UserID          string
	Condition       string
	Reasons         []string
	Messages        int // messages from this person in the window
	OpenedAt        time.Time
	// Realert marks the re-alert's post (rendered as such, with its
	// escalation pings); false for the first post.
	Realert          bool
	ModeratorRoleID  string // pinged by the first post and the re-alert
	EscalationRoleID string // pinged by the re-alert
	EscalationUserID string // pinged by the re-alert when there is no escalation role
	// AlertMessageID and RealertMessageID are the alert's posts, so that
	// a click on either can be told apart ("" when not posted yet).
	AlertMessageID   string
	RealertMessageID string
	AcknowledgedBy   string
	AcknowledgedAt   time.Time
	FlaggedBy        string // set when a moderator or clinician flagged it by hand
	// Reports counts the members who raised it from the message menu;
	// Reporters are those the moderators may see (never shown when the
	// person reported can see the alert channel: ReportersWithheld counts
	// those).
	Reports           int
	Reporters         []string
	ReportersWithheld int
	// Outcome is what a moderator found after acknowledging (Outcome…).
	Outcome   AlertOutcome
	OutcomeBy string
	Lang      Lang // the server's
}

// QueueReceipt tells an asker their question is in the office-hours queue.
type QueueReceipt struct {
	ChannelID   string
	ReplyTo     string // the message it answers; "" for /ask, which answers ephemerally
	UserID      string
	QuestionID  QuestionID
	Condition   string
	NextSession time.Time // zero when none is scheduled
	// Open says NextSession is running now (open, or past its start), as
	// the service's clock sees it.
	Open      bool
	SentBy    string         // a moderator or clinician who sent it there by hand
	Status    QuestionStatus // queued while it waits; answered, withdrawn or removed once it left the queue
	Anonymous bool
	// AnsweredAt is when a clinician marked it answered.
	AnsweredAt time.Time
	// ThreadID is the thread the clinician answered it in, "" when none.
	ThreadID string
	// FAQ is a published answer to a question much like it, shown while
	// the question waits; nil when none matches closely.
	FAQ *FAQMatch
	// Lang is the question's language when peerhours writes it, else the
	// server's; the asker's own for /ask's private receipt.
	Lang Lang
}

// Final reports whether the question left the queue for good, so the
// receipt no longer offers Withdraw.
func (n QueueReceipt) Final() bool {
	return n.Status == QuestionAnswered || n.Status == QuestionWithdrawn || n.Status == QuestionRemoved
}

// NoSessionNotice tells moderators that questions wait with no office hours
// scheduled.
type NoSessionNotice struct {
	ChannelID       string // the alert channel
	Condition       string
	Waiting         int
	ModeratorRoleID string
	Lang            Lang // the server's
}

// PeerWelcome opens a peer question's thread and pings the mentors whose
// turn it is (none when the group has no mentor available).
type PeerWelcome struct {
	ThreadID        string
	MentorIDs       []string
	Condition       string
	SourceMessageID string // the question, for the asker's Resolved button
	AskerID         string
	Lang            Lang // the server's
}

// PeerFollowup offers the asker the office-hours queue when a peer question
// got no answer.
type PeerFollowup struct {
	ThreadID        string
	UserID          string
	SourceMessageID string
	ConditionID     ConditionID
	Lang            Lang // the server's
}

func (n CrisisReply) Channel() string     { return n.ChannelID }
func (n EmergencyAlert) Channel() string  { return n.ChannelID }
func (n QueueReceipt) Channel() string    { return n.ChannelID }
func (n NoSessionNotice) Channel() string { return n.ChannelID }
func (n PeerWelcome) Channel() string     { return n.ThreadID }
func (n PeerFollowup) Channel() string    { return n.ThreadID }

// Text is the crisis reply's wording, from texts/: safe-messaging wording
// with the crisis lines and the emergency number for suicide, self-harm and
// overdose; plain urgency and the emergency number alone for medical red
// flags.
func (n CrisisReply) Text() string {
	name := "crisis_selfharm.md"
	if n.Risk == RiskMedical {
		name = "crisis_medical.md"
	}
	return render(n.Lang, name, n)
}
