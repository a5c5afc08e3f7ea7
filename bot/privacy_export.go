package bot

import (
	"encoding/json"
	"time"
)

// exportFormat names the layout of /privacy export's file; a change that
// moves or renames a field gets a new name.
const exportFormat = "peerhours-export/v1"

// export is the JSON a member gets from /privacy export. Field names are
// part of the product: people and their advocates read these files.
type export struct {
	Format        string            `json:"format"`
	GeneratedAt   time.Time         `json:"generated_at"`
	GuildID       string            `json:"guild_id"`
	UserID        string            `json:"user_id"`
	RetentionDays int               `json:"retention_days"`
	Consent       *exportConsent    `json:"consent"`
	Memberships   []exportMember    `json:"memberships"`
	Summaries     exportSummaries   `json:"summaries"`
	Messages      []exportMessage   `json:"messages"`
	Questions     []exportQuestion  `json:"questions"`
	Decisions     []exportDecision  `json:"triage_decisions"`
	Alerts        []exportAlert     `json:"emergency_alerts"`
	Concerns      []exportConcern   `json:"concerns_raised"`
	Audit         []exportAudit     `json:"audit_log"`
	Notes         map[string]string `json:"notes"`
}

type exportConsent struct {
	Version    int       `json:"guidelines_version"`
	AcceptedAt time.Time `json:"accepted_at"`
}

type exportMember struct {
	ConditionID ConditionID `json:"condition_id"`
	Condition   string      `json:"condition"`
	Mentor      bool        `json:"peer_mentor"`
	JoinedAt    time.Time   `json:"joined_at"`
}

type exportSummaries struct {
	OptedOut   bool       `json:"opted_out"`
	OptedOutAt *time.Time `json:"opted_out_at,omitempty"`
	Citing     int        `json:"summaries_citing_your_messages"`
	// NotStoredBefore: nothing written before it is stored again.
	NotStoredBefore *time.Time `json:"not_stored_before,omitempty"`
}

type exportMessage struct {
	ID          string      `json:"id"`
	ChannelID   string      `json:"channel_id"`
	ParentID    string      `json:"thread_parent_id,omitempty"`
	ConditionID ConditionID `json:"condition_id"`
	Content     string      `json:"content"`
	ReplyTo     string      `json:"reply_to,omitempty"`
	CreatedAt   time.Time   `json:"created_at"`
	EditedAt    *time.Time  `json:"edited_at,omitempty"`
	DeleteBy    time.Time   `json:"deleted_by"`
}

type exportQuestion struct {
	ID              QuestionID     `json:"id"`
	ConditionID     ConditionID    `json:"condition_id"`
	Text            string         `json:"text"`
	Status          QuestionStatus `json:"status"`
	Anonymous       bool           `json:"anonymous"`
	SourceMessageID string         `json:"source_message_id,omitempty"`
	SessionID       SessionID      `json:"session_id,omitempty"`
	CreatedAt       time.Time      `json:"created_at"`
	UpdatedAt       time.Time      `json:"updated_at"`
}

type exportDecision struct {
	MessageID string    `json:"message_id"`
	ChannelID string    `json:"channel_id"`
	Category  string    `json:"category"`
	Reasons   []string  `json:"reasons"`
	Source    string    `json:"source"`
	CreatedAt time.Time `json:"created_at"`
}

type exportConcern struct {
	MessageID  string    `json:"message_id"`
	ChannelID  string    `json:"channel_id"`
	ReportedAt time.Time `json:"reported_at"`
}

type exportAlert struct {
	ID             AlertID    `json:"id"`
	Kind           AlertKind  `json:"kind"`
	ChannelID      string     `json:"channel_id"`
	FirstMessageID string     `json:"first_message_id,omitempty"`
	Reasons        []string   `json:"reasons"`
	Messages       int        `json:"messages"`
	OpenedAt       time.Time  `json:"opened_at"`
	AcknowledgedBy string     `json:"acknowledged_by,omitempty"`
	AcknowledgedAt *time.Time `json:"acknowledged_at,omitempty"`
}

type exportAudit struct {
	ID      AuditID     `json:"id"`
	At      time.Time   `json:"at"`
	ActorID string      `json:"actor_id"`
	Action  AuditAction `json:"action"`
	Target  string      `json:"target"`
	Detail  string      `json:"detail,omitempty"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// exportJSON lays out a member's data for /privacy export.
// The notes are in l; the keys and values stay as they are, for programs.
func exportJSON(l Lang, p PersonalData, now time.Time, retentionDays int) ([]byte, error) {
	x := export{
		Format: exportFormat, GeneratedAt: now, GuildID: p.GuildID, UserID: p.UserID, RetentionDays: retentionDays,
		Memberships: []exportMember{}, Messages: []exportMessage{}, Questions: []exportQuestion{},
		Decisions: []exportDecision{}, Alerts: []exportAlert{}, Concerns: []exportConcern{}, Audit: []exportAudit{},
		Summaries: exportSummaries{OptedOut: p.OptedOut, OptedOutAt: timePtr(p.OptedOutAt), Citing: p.Summaries,
			NotStoredBefore: timePtr(p.NotStoredBefore)},
		Notes: map[string]string{
			"messages":         l.T("The text of your messages in condition channels, kept so they can be summarised for clinicians (with names removed), deleted after retention_days, when you delete them on Discord, or with /privacy delete."),
			"pseudonyms":       l.T("Summaries call authors \"Member A\", \"Member B\", … afresh each time; no mapping from you to a pseudonym is stored."),
			"triage_decisions": l.T("How the bot sorted each message (emergency, clinical, peer, none) and which rules matched. /privacy delete keeps these only as anonymous counts."),
			"emergency_alerts": l.T("Alerts that paged moderators when a message of yours looked like an emergency (kind emergency), when the LLM thought so (llm), or when a member was worried about you (peer; who raised it is not part of your data). They hold no text and are kept as the record of how moderators responded."),
			"concerns_raised":  l.T("Times you used \"I'm worried about this person\": the message and when. /privacy delete unlinks them from you."),
			"audit_log":        l.T("Entries in the server's audit log where you acted or were the subject. The audit log keeps IDs and actions only, and is kept after /privacy delete as the record that the deletion happened."),
		},
	}
	if p.Consent != nil {
		x.Consent = &exportConsent{Version: p.Consent.Version, AcceptedAt: p.Consent.AcceptedAt}
	}
	for _, m := range p.Memberships {
		x.Memberships = append(x.Memberships, exportMember(m))
	}
	for _, m := range p.Messages {
		x.Messages = append(x.Messages, exportMessage{ID: m.ID, ChannelID: m.ChannelID, ParentID: m.ParentID, ConditionID: m.ConditionID,
			Content: m.Content, ReplyTo: m.ReplyTo, CreatedAt: m.CreatedAt, EditedAt: timePtr(m.EditedAt),
			DeleteBy: m.CreatedAt.Add(time.Duration(retentionDays) * 24 * time.Hour)})
	}
	for _, q := range p.Questions {
		x.Questions = append(x.Questions, exportQuestion{ID: q.ID, ConditionID: q.ConditionID, Text: q.Text, Status: q.Status,
			Anonymous: q.Anonymous, SourceMessageID: q.SourceMessageID, SessionID: q.SessionID, CreatedAt: q.CreatedAt, UpdatedAt: q.UpdatedAt})
	}
	for _, d := range p.Decisions {
		reasons := d.Reasons
		if reasons == nil {
			reasons = []string{}
		}
		x.Decisions = append(x.Decisions, exportDecision{MessageID: d.MessageID, ChannelID: d.ChannelID, Category: d.Category.String(),
			Reasons: reasons, Source: d.Source, CreatedAt: d.CreatedAt})
	}
	for _, a := range p.Alerts {
		reasons := a.Reasons
		if reasons == nil {
			reasons = []string{}
		}
		x.Alerts = append(x.Alerts, exportAlert{ID: a.ID, Kind: a.Kind, ChannelID: a.ChannelID, FirstMessageID: a.FirstMessageID, Reasons: reasons,
			Messages: a.Messages, OpenedAt: a.OpenedAt, AcknowledgedBy: a.AcknowledgedBy, AcknowledgedAt: timePtr(a.AcknowledgedAt)})
	}
	for _, r := range p.ConcernsRaised {
		x.Concerns = append(x.Concerns, exportConcern{MessageID: r.MessageID, ChannelID: r.ChannelID, ReportedAt: r.ReportedAt})
	}
	for _, e := range p.Audit {
		x.Audit = append(x.Audit, exportAudit{ID: e.ID, At: e.At, ActorID: e.ActorID, Action: e.Action, Target: e.Target, Detail: e.Detail})
	}
	return json.MarshalIndent(x, "", "  ")
}
