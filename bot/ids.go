package bot

// Rows are referred to by their own ID types, so that a question's ID
// passed where a session's is expected does not compile. The adapters
// convert at their edges only (a custom ID's number, an INSERT's row ID).
// Discord's IDs (snowflakes) stay strings: they are opaque and never mixed
// with ours.
type (
	ConditionID int64 // a Condition's: a health condition's group

	AlertID  int64 // an Alert's
	ReportID int64 // a PeerReport's

	QuestionID int64 // a Question's
	SessionID  int64 // an office-hours Session's
	ScheduleID int64 // a Schedule's

	SummaryID    int64 // a Summary's
	AgendaItemID int64 // an AgendaItem's

	VerificationID      int64 // a clinician's Verification's
	MentorApplicationID int64 // a MentorApplication's
	FAQID               int64 // an FAQEntry's

	JobID   int64 // a Job's
	AuditID int64 // an AuditEntry's: its place in the hash chain
)
