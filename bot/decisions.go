package bot

import (
	"time"

	"github.com/peerhours/peerhours/bot/triage"
)

// DecisionRecord is a stored triage decision. The message text is not part
// of it: decisions are kept as long as the audit needs them, text is not.
type DecisionRecord struct {
	MessageID   string
	GuildID     string
	ChannelID   string
	ParentID    string
	ConditionID ConditionID
	UserID      string
	Category    triage.Category
	Reasons     []string
	Source      string // rules, llm, edit, override
	ThreadID    string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func decisionRecord(m Message, cond Condition, d triage.Decision, source string, now time.Time) DecisionRecord {
	return DecisionRecord{
		MessageID: m.ID, GuildID: m.GuildID, ChannelID: m.ChannelID, ParentID: m.ParentID,
		ConditionID: cond.ID, UserID: m.AuthorID, Category: d.Category, Reasons: d.Reasons,
		Source: source, CreatedAt: now, UpdatedAt: now,
	}
}

// Override is a moderator's or clinician's correction of a triage decision,
// stored beside it as labelled feedback.
type Override struct {
	MessageID string
	GuildID   string
	From      triage.Category
	// FromReasons and FromSource are the rest of the corrected decision:
	// its rule IDs and where it came from (rules, llm, edit, override);
	// empty when the message had no decision.
	FromReasons []string
	FromSource  string
	To          triage.Category
	Action      OverrideAction
	By          string
	At          time.Time
}
