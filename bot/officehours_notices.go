package bot

import "time"

// The notices office hours post. Reminders and news about a person's
// question are mentions in the office-hours channel, never direct messages;
// anonymous askers are never mentioned where peers can see it.

// SessionOpened opens a session in the office-hours channel and mentions
// the askers whose questions wait in it.
type SessionOpened struct {
	ChannelID   string
	SessionID   SessionID
	Condition   string
	StartsAt    time.Time
	EndsAt      time.Time
	ClinicianID string // the scheduled clinician, or ""
	// ClinicianVerified is the jurisdiction of the clinician's current
	// verification; "" when they have none.
	ClinicianVerified string
	Waiting           int         // questions in the queue
	Posted            int         // of which posted below; the rest come with /queue next
	Askers            []string    // to mention: askers of waiting questions who are not anonymous
	Anonymous         int         // anonymous questions among the waiting
	Agenda            []SummaryID // summaries a reviewer marked for follow-up
	Late              bool        // opened after its start (peerhours was not running)
	Lang              Lang        // the server's, or the person's when private
}

// QueueItem is one question in an open session's queue, with the buttons
// a clinician works it with. It is edited as its outcome changes.
type QueueItem struct {
	ChannelID  string
	SessionID  SessionID
	QuestionID QuestionID
	Position   int
	Text       string
	UserID     string // shown unless Anonymous
	Anonymous  bool
	AskedAt    time.Time
	Outcome    Outcome // waiting, taken, answered, moved, rolled_over, withdrawn
	TakenBy    string
	ThreadID   string
	NextAt     time.Time // the next session, for moved questions; zero when none
	// Erased is set when the asker erased their data (/privacy delete):
	// the item quotes nothing and names nobody.
	Erased bool
	Lang   Lang // the server's, or the person's when private
}

// QuestionTakenNotice pings the asker in the thread a clinician opened for their
// question.
type QuestionTakenNotice struct {
	ThreadID    string
	UserID      string
	ClinicianID string
	Condition   string
	Text        string // quoted at the top of a private thread, which has no starter message
	Private     bool
	Verified    string // the jurisdiction of the clinician's current verification
	Lang        Lang   // the server's, or the person's when private
}

// RunningLate tells the office-hours channel that the session has started
// without a clinician, and reminds the scheduled clinician.
type RunningLate struct {
	ChannelID   string
	Condition   string
	StartsAt    time.Time
	ClinicianID string
	Lang        Lang // the server's, or the person's when private
}

// LateAlert tells moderators that a session has had no clinician for ten
// minutes.
type LateAlert struct {
	ChannelID        string // the alert channel
	Condition        string
	OfficeChannelID  string
	StartsAt         time.Time
	ClinicianID      string
	ModeratorRoleID  string
	Waiting          int
	MinutesSinceOpen int
	Lang             Lang // the server's, or the person's when private
}

// SessionEndNotice closes a session in the office-hours channel and tells the
// askers whose questions wait where they go now.
type SessionEndNotice struct {
	ChannelID string
	Condition string
	Opened    bool // false when the session never opened (peerhours was not running)
	StartsAt  time.Time
	Answered  int
	Waiting   int       // questions that move on
	Askers    []string  // to mention: their askers who are not anonymous
	NextAt    time.Time // the next session; zero when none is scheduled
	Lang      Lang      // the server's, or the person's when private
}

// SessionCancelNotice tells the office-hours channel that a session will not
// take place, and the askers waiting for it where their questions go.
type SessionCancelNotice struct {
	ChannelID string
	Condition string
	StartsAt  time.Time
	Series    bool // the whole series was cancelled
	Waiting   int
	Askers    []string
	NextAt    time.Time // zero when none is scheduled
	Lang      Lang      // the server's, or the person's when private
}

// SessionReport goes to the review channel when a session ends: what was
// answered, what moved on, and how long people waited. It names nobody.
type SessionReport struct {
	ChannelID  string // the review channel
	SessionID  SessionID
	Condition  string
	StartsAt   time.Time
	EndsAt     time.Time
	OpenedAt   time.Time // zero when it never opened
	ClosedAt   time.Time
	Clinicians []string
	Items      []ReportItem
	Answered   int
	Moved      int
	RolledOver int
	Withdrawn  int
	// Waits of the questions that were taken: from asked to taken.
	MedianWait  time.Duration
	LongestWait time.Duration
	Agenda      []SummaryID
	// SummaryURL links to the draft summary of the session's channel and
	// threads in the review channel; "" when there was nothing to
	// summarise or it could not be made.
	SummaryURL string
	// Outcomes are the condition's /stats figures for the 30 days up to
	// the report.
	Outcomes Stats
	Lang     Lang // the server's, or the person's when private
}

// ReportItem is one question's outcome in a session report.
type ReportItem struct {
	QuestionID QuestionID
	Position   int
	Outcome    Outcome
	Wait       time.Duration // asked to taken (or to the end, when never taken)
	Excerpt    string
}

func (n SessionOpened) Channel() string       { return n.ChannelID }
func (n QueueItem) Channel() string           { return n.ChannelID }
func (n QuestionTakenNotice) Channel() string { return n.ThreadID }
func (n RunningLate) Channel() string         { return n.ChannelID }
func (n LateAlert) Channel() string           { return n.ChannelID }
func (n SessionEndNotice) Channel() string    { return n.ChannelID }
func (n SessionCancelNotice) Channel() string { return n.ChannelID }
func (n SessionReport) Channel() string       { return n.ChannelID }
