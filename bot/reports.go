package bot

import (
	"context"
	"errors"
	"time"
)

// Peers are the second net: a classifier will always miss some people in
// danger, and the members around them notice. "I'm worried about this
// person" on someone else's message in a condition channel raises a private
// alert to the moderators (AlertPeer: the alert channel, the moderator role
// pinged, a jump link, the person, Acknowledge, the re-alert). Nothing is
// posted to the person, and the reporter is never named in anything they
// can see: the alert names the reporter to the moderators only when the
// person reported cannot see the alert channel, and the audit entry (which
// moderators read) likewise; the person's /privacy export lists the alert,
// never who raised it. Each report is stored with the message, the time
// and, later, the moderators' outcome, as labelled feedback for triage's
// evaluation data.

// PeerReport is one member's concern about another's message.
type PeerReport struct {
	ID             ReportID
	GuildID        string
	ChannelID      string
	MessageID      string
	ReportedUserID string
	ReporterID     string
	// ReporterWithheld: the person reported can see the alert channel, so
	// the alert and the audit log do not name the reporter.
	ReporterWithheld bool
	AlertID          AlertID
	ReportedAt       time.Time
	Outcome          AlertOutcome // "", or one of the AlertOutcome values
	OutcomeBy        string
	OutcomeAt        time.Time
}

// Outcomes of an alert: set to acknowledged when someone takes it, then to
// what the moderator found.
// AlertOutcome is what became of an alert. The values are stored.
type AlertOutcome string

// Alert outcomes.
const (
	AlertOutcomeAcknowledged AlertOutcome = "acknowledged"
	AlertOutcomeConcern      AlertOutcome = "concern"    // the person needed help
	AlertOutcomeNoConcern    AlertOutcome = "no_concern" // they were fine
)

// ReportStore is the persistence peer reports need.
type ReportStore interface {
	// AddPeerReport stores a report, or reports false when this reporter
	// already reported this message.
	AddPeerReport(ctx context.Context, r PeerReport) (PeerReport, bool, error)
	// PeerReportsSince counts a member's reports in a server after a time.
	PeerReportsSince(ctx context.Context, guildID, reporterID string, since time.Time) (int, error)
	// AlertReports returns the reports that raised or joined an alert.
	AlertReports(ctx context.Context, alertID AlertID) ([]PeerReport, error)
	// SetAlertOutcome records an alert's outcome, on the alert and its
	// reports. OutcomeAcknowledged never replaces another outcome.
	SetAlertOutcome(ctx context.Context, alertID AlertID, outcome AlertOutcome, by string, at time.Time) error
}

const (
	// maxReportsPerHour bounds one member's reports: enough for a real
	// worry about several people, too few to flood the moderators.
	maxReportsPerHour = 3
	reportWindow      = time.Hour
	// ReasonPeerReport is the reason a peer alert carries.
	ReasonPeerReport = "peer.worried"
)

// ReportResult is what the reporter is told, privately.
type ReportResult struct {
	Condition string
	// Already: they had reported this message before; nothing new was
	// raised.
	Already bool
	// Named: the moderators see who raised it.
	Named           bool
	EmergencyNumber string
	CrisisLines     string
	Lang            Lang // the reporter's
}

// Text is the reporter's private answer, from texts/report_received.md.
func (r ReportResult) Text() string { return render(r.Lang, "report_received.md", r) }

// ReportConcern raises a member's worry about someone else's message.
// withhold says the person reported can see the alert channel (or that the
// adapter could not tell), so the reporter must not be named there.
func (s *Service) ReportConcern(ctx context.Context, c Caller, m Message, withhold bool) (ReportResult, error) {
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return ReportResult{}, err
	}
	res := ReportResult{EmergencyNumber: settings.EmergencyIn(c.Lang), CrisisLines: settings.CrisisLinesIn(c.Lang), Named: !withhold, Lang: c.Lang}
	if m.AuthorID == c.UserID {
		return res, Errorf(EINVALID, "That's your own message, so there is nobody else to alert. If you are struggling, please reach out now: %s If you are in danger: %s You can also message a moderator.",
			settings.CrisisLinesIn(c.Lang), settings.EmergencyIn(c.Lang))
	}
	if m.AuthorID == "" {
		return res, Errorf(EINVALID, "Discord did not say who wrote that message; please try again.")
	}
	cond, err := s.store.ConditionByChannel(ctx, m.HomeChannel())
	if ErrorCode(err) == ENOTFOUND || (err == nil && (cond.GuildID != c.GuildID || cond.Archived)) {
		return res, Errorf(EINVALID, "peerhours looks out for people in its condition channels only, so it can't raise this one. Please tell a moderator directly; if they may be in danger now: %s", settings.EmergencyIn(c.Lang))
	}
	if err != nil {
		return res, err
	}
	res.Condition = cond.Name
	if settings.AlertChannelID == "" {
		return res, Errorf(ESETUP, "This server has no alert channel set, so I can't reach the moderators. Please tell a moderator directly; if they may be in danger now: %s", settings.EmergencyIn(c.Lang))
	}
	now := s.now().UTC()
	n, err := s.store.PeerReportsSince(ctx, c.GuildID, c.UserID, now.Add(-reportWindow))
	if err != nil {
		return res, err
	}
	var keys []string
	err = s.store.Atomically(ctx, func(tx Store) error {
		a, fresh, err := tx.OpenAlert(ctx, Alert{Kind: AlertPeer, GuildID: c.GuildID, ChannelID: m.ChannelID, UserID: m.AuthorID,
			ConditionID: cond.ID, FirstMessageID: m.ID, Reasons: []string{ReasonPeerReport}, Reports: 1, OpenedAt: now},
			now.Add(-crisisWindow))
		if err != nil {
			return err
		}
		r, added, err := tx.AddPeerReport(ctx, PeerReport{GuildID: c.GuildID, ChannelID: m.ChannelID, MessageID: m.ID,
			ReportedUserID: m.AuthorID, ReporterID: c.UserID, ReporterWithheld: withhold, AlertID: a.ID, ReportedAt: now})
		if err != nil {
			return err
		}
		if !added {
			res.Already = true
			return ErrDuplicate
		}
		if n >= maxReportsPerHour {
			return Errorf(EINVALID, "You've raised %d concerns in the last hour, the most peerhours takes from one person, so this one was not sent. Please tell a moderator directly; if someone may be in danger now: %s",
				n, settings.EmergencyIn(c.Lang))
		}
		actor, detail := c.UserID, auditDetail("user", m.AuthorID, "channel", m.ChannelID, "alert", a.ID)
		if withhold {
			actor, detail = "", detail+" reporter=withheld"
		}
		if err := s.audit(ctx, tx, AuditEntry{At: now, GuildID: c.GuildID, ActorID: actor, Action: AuditConcernRaised,
			Target: auditTarget("message", m.ID), Detail: detail}); err != nil {
			return err
		}
		keys, err = enqueueAlertJobs(ctx, tx, a, fresh, now, "report", r.ID)
		return err
	})
	switch {
	case errors.Is(err, ErrDuplicate):
		return res, nil
	case err != nil:
		return res, err
	}
	s.runNow(ctx, keys...)
	s.Wake()
	return res, nil
}

// AlertOutcome records what the moderator found after acknowledging an
// alert: the person needed help, or not. It labels the alert (and its
// reports) for triage's evaluation data and shows on every post.
func (s *Service) AlertOutcome(ctx context.Context, c Caller, alertID AlertID, outcome AlertOutcome) (EmergencyAlert, error) {
	if _, err := s.authorize(ctx, c, Staff); err != nil {
		return EmergencyAlert{}, err
	}
	if outcome != AlertOutcomeConcern && outcome != AlertOutcomeNoConcern {
		return EmergencyAlert{}, Errorf(EINVALID, "This button is out of date.")
	}
	a, err := s.store.Alert(ctx, alertID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && a.GuildID != c.GuildID) {
		return EmergencyAlert{}, Errorf(ENOTFOUND, "That alert no longer exists.")
	}
	if err != nil {
		return EmergencyAlert{}, err
	}
	if !a.Acknowledged() {
		return EmergencyAlert{}, Errorf(EINVALID, "Acknowledge the alert first.")
	}
	now := s.now().UTC()
	refresh := jobAlert.job(a.ID, now, "outcome", now.UnixNano())
	if err := s.store.Atomically(ctx, func(tx Store) error {
		if err := tx.SetAlertOutcome(ctx, a.ID, outcome, c.UserID, now); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, AuditEntry{At: now, GuildID: a.GuildID, ActorID: c.UserID, Action: AuditAlertOutcome,
			Target: auditTarget("alert", a.ID), Detail: auditDetail("outcome", outcome, "kind", a.Kind)}); err != nil {
			return err
		}
		return tx.EnqueueJob(ctx, refresh)
	}); err != nil {
		return EmergencyAlert{}, err
	}
	s.runNow(ctx, refresh.Key)
	_, _, n, err := s.alertView(ctx, alertID)
	return n, err
}

// reportersOf lists who raised a peer alert, for the moderators: the
// reporters who may be named, and how many may not.
func reportersOf(reports []PeerReport) (named []string, withheld int) {
	for _, r := range reports {
		switch {
		case r.ReporterWithheld || r.ReporterID == "":
			withheld++
		default:
			named = append(named, r.ReporterID)
		}
	}
	return named, withheld
}
