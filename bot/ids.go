package bot

// Rows are referred to by their own ID types, so that a question's ID
// passed where a session's is expected does not compile. Discord's IDs
// (snowflakes) stay strings: they are opaque and never mixed with ours.
type (
	// AlertID is an Alert's.
	AlertID int64
	// ReportID is a PeerReport's.
	ReportID int64
)

type (
	// QuestionID is a Question's.
	QuestionID int64
	// SessionID is an office-hours Session's.
	SessionID int64
	// ScheduleID is a Schedule's.
	ScheduleID int64
)

// ConditionID is a Condition's: a health condition's group.
type ConditionID int64

type (
	// SummaryID is a Summary's.
	SummaryID int64
	// AgendaItemID is an AgendaItem's.
	AgendaItemID int64
)

type (
	// VerificationID is a clinician's Verification's.
	VerificationID int64
	// MentorApplicationID is a MentorApplication's.
	MentorApplicationID int64
	// FAQID is an FAQEntry's.
	FAQID int64
)

// JobID is a Job's.
type JobID int64

// AuditID is an AuditEntry's: its place in the hash chain.
type AuditID int64
