package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/peerhours/peerhours/bot/triage"
)

// An Alert is an emergency being handled: one per person and channel in
// crisisWindow, however many messages they post in it.
type Alert struct {
	ID AlertID
	// Kind is AlertEmergency (the rules, an edit or a moderator found an
	// emergency: the person got a crisis reply), AlertLLM or AlertPeer
	// (private: moderators are paged, nothing is posted to the person).
	Kind           AlertKind
	Reports        int // members who raised it (AlertPeer)
	GuildID        string
	ChannelID      string
	UserID         string
	ConditionID    ConditionID
	FirstMessageID string
	LastMessageID  string
	Reasons        []string
	Messages       int
	OpenedAt       time.Time
	AlertChannelID string
	AlertMessageID string
	CrisisReplyID  string
	RealertedAt    time.Time
	// RealertChannelID and RealertMessageID are the re-alert's post.
	RealertChannelID string
	RealertMessageID string
	AcknowledgedBy   string
	AcknowledgedAt   time.Time
	FlaggedBy        string
	// Outcome is what the moderators found (Outcome…), by whom and when.
	Outcome   AlertOutcome
	OutcomeBy string
	OutcomeAt time.Time
}

// Acknowledged reports whether a moderator or clinician has taken it.
func (a Alert) Acknowledged() bool { return a.AcknowledgedBy != "" }

// AlertKind says what raised an alert. The values are stored.
type AlertKind string

// Alert kinds.
const (
	AlertEmergency AlertKind = "emergency"
	AlertLLM       AlertKind = "llm"
	AlertPeer      AlertKind = "peer"
)

// Private reports whether the alert pages moderators without any crisis
// reply to the person.
func (a Alert) Private() bool { return a.Kind == AlertLLM || a.Kind == AlertPeer }

const (
	// crisisWindow: one crisis reply per person and channel in this time.
	// More would read as a bot talking at someone in distress; later
	// messages join the open alert instead.
	crisisWindow = 30 * time.Minute
	// realertAfter: an unacknowledged alert is posted again, pinging the
	// moderator role and escalating.
	realertAfter = 5 * time.Minute
	// emergencyStoreBudget: how long an emergency waits for the database
	// before its crisis reply is sent without it.
	emergencyStoreBudget = time.Second
)

// emergency handles a message judged an emergency: it records the decision,
// opens an alert (or joins the open one) and sends the crisis reply and the
// alert at once. It never waits on anything but the database, and if the
// database fails the crisis reply is still sent.
func (s *Service) emergency(ctx context.Context, m Message, cond Condition, d triage.Decision, source, flaggedBy string, isEdit bool) error {
	start := time.Now()
	now := s.now().UTC()
	var alert Alert
	var fresh bool
	var keys []string
	txn := func(tx Store) error {
		rec := decisionRecord(m, cond, d, source, now)
		if isEdit || flaggedBy != "" {
			if err := tx.RaiseDecision(ctx, rec); err != nil {
				return fmt.Errorf("raise the decision: %w", err)
			}
		} else if ok, err := tx.RecordDecision(ctx, rec); err != nil {
			return fmt.Errorf("record the decision: %w", err)
		} else if !ok {
			return ErrDuplicate
		}
		var err error
		sent, _ := sentReply(ctx) // stored late (emergency_retry.go): the reply went out
		alert, fresh, err = tx.OpenAlert(ctx, Alert{Kind: AlertEmergency,
			GuildID: m.GuildID, ChannelID: m.ChannelID, UserID: m.AuthorID, ConditionID: cond.ID,
			FirstMessageID: m.ID, LastMessageID: m.ID, Reasons: d.Reasons, Messages: 1, OpenedAt: now, FlaggedBy: flaggedBy,
			CrisisReplyID: sent,
		}, now.Add(-crisisWindow))
		if err != nil {
			return fmt.Errorf("open the alert: %w", err)
		}
		if fresh {
			reply, post := jobCrisisReply.job(alert.ID, writtenInCode(m.Content), now), jobAlert.job(alert.ID, now)
			keys = []string{reply.Key, post.Key}
			if err := enqueue(ctx, tx, reply, post, jobRealert.job(alert.ID, now.Add(realertAfter))); err != nil {
				return fmt.Errorf("enqueue the crisis reply and the alert: %w", err)
			}
			return nil
		}
		// A later message joins the open alert; its post is refreshed.
		refresh := jobAlert.job(alert.ID, now, m.ID)
		keys = []string{refresh.Key}
		if err := enqueue(ctx, tx, refresh); err != nil {
			return fmt.Errorf("enqueue the alert's refresh: %w", err)
		}
		return nil
	}
	store := func() error { return s.store.Atomically(ctx, txn) }
	// A database that has not answered within emergencyStoreBudget (locked,
	// say, its writers waiting out the 5 s busy timeout) does not hold up
	// the crisis reply: it goes out without the database, within the 2 s
	// promised, while the store finishes or fails.
	done := make(chan error, 1)
	go func() { done <- store() }()
	var err error
	replied, replyID := false, ""
	budget := time.NewTimer(emergencyStoreBudget)
	defer budget.Stop()
	select {
	case err = <-done:
	case <-budget.C:
		if _, retry := sentReply(ctx); !retry {
			replyID, replied = s.replyWithoutDatabase(ctx, m, d), true
			s.metrics.EmergencyReply(time.Since(start))
		}
		err = <-done
		if err == nil && fresh && replyID != "" {
			// Stored after all: the crisis reply job must not send again.
			if serr := s.store.SetAlertMessages(ctx, alert.ID, replyID, "", ""); serr != nil {
				s.log.Error("record the crisis reply sent without the database", "message_id", m.ID, "code", ErrorCode(serr))
			}
		}
	}
	switch {
	case errors.Is(err, ErrDuplicate):
		return nil
	case err != nil:
		err = fmt.Errorf("emergency: %w", err)
		if _, retry := sentReply(ctx); retry {
			return err // still failing; held, and answered already
		}
		// The database failed us. The person still gets the crisis reply,
		// straight away; the error is the caller's to log. The rest (the
		// alert) is held until the database answers (emergency_retry.go).
		if !replied {
			replyID = s.replyWithoutDatabase(ctx, m, d)
			s.metrics.EmergencyReply(time.Since(start))
		}
		s.holdEmergency(pendingEmergency{m: m, d: d, source: source, flaggedBy: flaggedBy, isEdit: isEdit, replyID: replyID})
		return err
	}
	s.metrics.TriageDecision(triage.Emergency.String(), source)
	// The crisis reply goes now; the alert follows it through the alert
	// lane (alertSoon), so that in a mass event every reply goes out
	// before the alerts, which a moderator reads together anyway.
	if fresh {
		s.runNow(ctx, keys[0])
		if !replied {
			s.metrics.EmergencyReply(time.Since(start))
		}
		keys = keys[1:]
	}
	s.alertSoon(ctx, keys...)
	s.Wake() // the re-alert is now the next due job
	return nil
}

// replyWithoutDatabase sends the crisis reply straight away, with the
// server's resources if the database still gives them (the defaults
// otherwise). It returns the reply's message ID, "" if Discord failed too.
func (s *Service) replyWithoutDatabase(ctx context.Context, m Message, d triage.Decision) string {
	if s.leads != nil && !s.leads(ctx) {
		s.log.Warn("crisis reply without database left to the new leader: this process no longer leads", "message_id", m.ID)
		return ""
	}
	sctx, cancel := context.WithTimeout(ctx, emergencyStoreBudget/2)
	settings, _ := s.store.GuildSettings(sctx, m.GuildID)
	cancel()
	reply := crisisReply(settings, d.Reasons, settings.LangFor(m.Content))
	reply.ChannelID, reply.ReplyTo, reply.Alerted = m.ChannelID, m.ID, false
	id, err := s.discord.Post(ctx, reply)
	if err != nil {
		s.log.Error("crisis reply without database failed", "message_id", m.ID, "code", ErrorCode(err))
	}
	return id
}

func enqueue(ctx context.Context, tx Store, jobs ...Job) error {
	for _, j := range jobs {
		if err := tx.EnqueueJob(ctx, j); err != nil {
			return err
		}
	}
	return nil
}

// hasReasonPrefix reports whether any reason starts with one of prefixes.
func hasReasonPrefix(reasons []string, prefixes ...string) bool {
	for _, r := range reasons {
		for _, p := range prefixes {
			if strings.HasPrefix(r, p) {
				return true
			}
		}
	}
	return false
}

// sendCrisisReply answers an alert's first message; lang is the language
// it was written in ("" when not known: the server's).
func (s *Service) sendCrisisReply(ctx context.Context, alertID AlertID, lang string) error {
	a, err := s.store.Alert(ctx, alertID)
	if err != nil {
		return fmt.Errorf("crisis reply: read the alert: %w", err)
	}
	if a.CrisisReplyID != "" {
		return nil
	}
	settings, err := s.store.GuildSettings(ctx, a.GuildID)
	if err != nil {
		return fmt.Errorf("crisis reply: read the settings: %w", err)
	}
	l := settings.Lang()
	if lang != "" {
		l = LangOf(lang)
	}
	reply := crisisReply(settings, a.Reasons, l)
	reply.ChannelID, reply.ReplyTo = a.ChannelID, a.FirstMessageID
	id, err := s.discord.Post(ctx, reply)
	if err != nil {
		return fmt.Errorf("crisis reply: post it: %w", err)
	}
	if err := s.store.SetAlertMessages(ctx, a.ID, id, "", ""); err != nil {
		return fmt.Errorf("crisis reply: record the post: %w", err)
	}
	return nil
}

// postAlert posts the alert in the alert channel, or refreshes its posts
// (the first and any re-alert) when they exist: a later message joined,
// or someone acknowledged.
func (s *Service) postAlert(ctx context.Context, alertID AlertID) error {
	a, settings, n, err := s.alertView(ctx, alertID)
	if err != nil {
		return fmt.Errorf("alert: %w", err)
	}
	if a.AlertMessageID != "" {
		if s.shownAlerts.already(n) {
			return nil // an earlier refresh showed this already (alert_shown.go)
		}
		if err := s.discord.Edit(ctx, a.AlertChannelID, a.AlertMessageID, n); err != nil {
			return fmt.Errorf("alert: refresh its post: %w", err)
		}
		if err := s.refreshRealert(ctx, a, n); err != nil {
			return fmt.Errorf("alert: refresh the re-alert's post: %w", err)
		}
		s.shownAlerts.showing(n)
		return nil
	}
	if settings.AlertChannelID == "" {
		return Errorf(ESETUP, "no alert channel is set")
	}
	id, err := s.discord.Post(ctx, n)
	if err != nil {
		return fmt.Errorf("alert: post it: %w", err)
	}
	if err := s.store.SetAlertMessages(ctx, a.ID, "", settings.AlertChannelID, id); err != nil {
		return fmt.Errorf("alert: record the post: %w", err)
	}
	return nil
}

// refreshRealert shows the alert's state on its re-alert post, if any.
func (s *Service) refreshRealert(ctx context.Context, a Alert, n EmergencyAlert) error {
	if a.RealertMessageID == "" {
		return nil
	}
	n.Realert = true
	return s.discord.Edit(ctx, a.RealertChannelID, a.RealertMessageID, n)
}

// alertView loads an alert, its server's settings and the notice showing
// it as it stands.
func (s *Service) alertView(ctx context.Context, alertID AlertID) (Alert, Settings, EmergencyAlert, error) {
	a, err := s.store.Alert(ctx, alertID)
	if err != nil {
		return a, Settings{}, EmergencyAlert{}, fmt.Errorf("read the alert: %w", err)
	}
	settings, err := s.store.GuildSettings(ctx, a.GuildID)
	if err != nil {
		return a, settings, EmergencyAlert{}, fmt.Errorf("read the settings: %w", err)
	}
	n, err := s.alertNotice(ctx, a, settings)
	if err != nil {
		return a, settings, n, fmt.Errorf("make the notice: %w", err)
	}
	return a, settings, n, nil
}

func (s *Service) alertNotice(ctx context.Context, a Alert, settings Settings) (EmergencyAlert, error) {
	cond, err := s.store.Condition(ctx, a.ConditionID)
	if err != nil {
		return EmergencyAlert{}, err
	}
	ch := a.AlertChannelID
	if ch == "" {
		ch = settings.AlertChannelID
	}
	var reporters []string
	withheld := 0
	if a.Kind == AlertPeer || a.Reports > 0 {
		reports, err := s.store.AlertReports(ctx, a.ID)
		if err != nil {
			return EmergencyAlert{}, err
		}
		reporters, withheld = reportersOf(reports)
	}
	return EmergencyAlert{
		Reports: a.Reports, Reporters: reporters, ReportersWithheld: withheld,
		Outcome: a.Outcome, OutcomeBy: a.OutcomeBy,
		AlertID: a.ID, Kind: a.Kind, ChannelID: ch, GuildID: a.GuildID, SourceChannelID: a.ChannelID,
		SourceMessageID: a.FirstMessageID, UserID: a.UserID, Condition: cond.Name, Reasons: a.Reasons,
		Messages: a.Messages, OpenedAt: a.OpenedAt, ModeratorRoleID: settings.ModeratorRoleID,
		EscalationRoleID: settings.EscalationRoleID, AlertMessageID: a.AlertMessageID, RealertMessageID: a.RealertMessageID,
		AcknowledgedBy: a.AcknowledgedBy, AcknowledgedAt: a.AcknowledgedAt, FlaggedBy: a.FlaggedBy,
		Lang: settings.Lang(),
	}, nil
}

// realert posts the alert again if nobody acknowledged it, pinging the
// moderator role and escalating: to the server's escalation role, or to its
// owner when none is set (a user mention always notifies, while a role
// notifies only if it is mentionable or the bot may mention everyone).
func (s *Service) realert(ctx context.Context, alertID AlertID) error {
	a, settings, n, err := s.alertView(ctx, alertID)
	if err != nil {
		return err
	}
	if a.Acknowledged() || !a.RealertedAt.IsZero() {
		return nil
	}
	if n.ChannelID == "" {
		return Errorf(ESETUP, "no alert channel is set")
	}
	n.Realert = true
	if settings.EscalationRoleID == "" {
		owner, err := s.discord.GuildOwner(ctx, a.GuildID)
		if err != nil {
			// The moderator role is still pinged; the owner would have
			// been the extra net.
			s.log.Warn("finding the server's owner for a re-alert", "guild_id", a.GuildID, "code", ErrorCode(err))
		}
		n.EscalationUserID = owner
	}
	id, err := s.discord.Post(ctx, n)
	if err != nil {
		return err
	}
	if err := s.store.SetAlertRealerted(ctx, a.ID, s.now().UTC(), n.ChannelID, id); err != nil {
		return err
	}
	// Acknowledged while the re-alert was on its way: the acknowledgement
	// did not know this post, so it is marked here.
	if b, err := s.store.Alert(ctx, a.ID); err == nil && b.Acknowledged() {
		if n, err := s.alertNotice(ctx, b, settings); err == nil {
			return s.refreshRealert(ctx, b, n)
		}
	}
	return nil
}

// Acknowledge records that a moderator or clinician has taken an alert and
// returns it as it should now be shown. Acknowledging twice keeps the
// first.
func (s *Service) Acknowledge(ctx context.Context, c Caller, alertID AlertID) (EmergencyAlert, error) {
	if _, err := s.authorize(ctx, c, Staff); err != nil {
		return EmergencyAlert{}, err
	}
	a, err := s.store.Alert(ctx, alertID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && a.GuildID != c.GuildID) {
		return EmergencyAlert{}, Errorf(ENOTFOUND, "That alert no longer exists.")
	}
	if err != nil {
		return EmergencyAlert{}, err
	}
	if !a.Acknowledged() {
		now := s.now().UTC()
		if err := s.store.Atomically(ctx, func(tx Store) error {
			if err := tx.AcknowledgeAlert(ctx, a.ID, c.UserID, now); err != nil {
				return err
			}
			if err := tx.SetAlertOutcome(ctx, a.ID, AlertOutcomeAcknowledged, c.UserID, now); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, AuditEntry{At: now, GuildID: a.GuildID, ActorID: c.UserID, Action: AuditAlertAcknowledged,
				Target: auditTarget("alert", a.ID), Detail: auditDetail("user", a.UserID, "channel", a.ChannelID)}); err != nil {
				return err
			}
			// Every post of the alert shows who took it, wherever the
			// click was.
			return tx.EnqueueJob(ctx, jobAlert.job(a.ID, now, "ack"))
		}); err != nil {
			return EmergencyAlert{}, err
		}
		s.runNow(ctx, jobAlert.key(a.ID, "ack"))
		if a, err = s.store.Alert(ctx, alertID); err != nil {
			return EmergencyAlert{}, err
		}
	}
	settings, err := s.store.GuildSettings(ctx, a.GuildID)
	if err != nil {
		return EmergencyAlert{}, err
	}
	return s.alertNotice(ctx, a, settings)
}
