package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/peerhours/peerhours/bot/triage"
)

// HandleMessage triages a new message in a condition channel and acts on
// the rules' decision. Messages elsewhere are ignored. A message delivered
// twice is handled once.
//
// Everything it stores for the message (the decision, the question or the
// peer thread's jobs, and the text kept for summaries) goes in one group
// commit (Store.Grouped). It never waits on the LLM: with one configured,
// the second opinion is asked after the rules' decision is stored
// (opinions.go), and may raise it later.
func (s *Service) HandleMessage(ctx context.Context, m Message) error {
	if strings.TrimSpace(m.Content) == "" {
		return nil
	}
	cond, err := s.store.ConditionByChannel(ctx, m.HomeChannel())
	if ErrorCode(err) == ENOTFOUND {
		return nil
	}
	if err != nil {
		// Without the database we cannot tell which condition this is, but
		// an emergency still gets its crisis reply.
		if d := s.rules(m); d.Category == triage.Emergency {
			return s.emergency(ctx, m, Condition{GuildID: m.GuildID}, d, "rules", "", false)
		}
		return err
	}
	if cond.GuildID != m.GuildID {
		return nil
	}
	d := s.rules(m)
	// The next message of this person here is read after this one. (When
	// Intake remembered it already, this changes nothing.)
	s.remember(m)
	source := "rules"
	if d.Category == triage.Emergency {
		// The text is kept for summaries once the crisis reply is out.
		defer s.capture(ctx, m, cond)
		return s.emergency(ctx, m, cond, d, source, "", false)
	}
	keep := s.keepText(ctx, m)
	// In the office-hours channel people talk to the clinician; only
	// emergencies need the bot there.
	if m.HomeChannel() == cond.OfficeChannelID {
		s.noteClinicianPost(ctx, m, cond)
		_, err := s.decide(ctx, m, cond, d, source, keep)
		return err
	}
	fresh, err := s.decide(ctx, m, cond, d, source, keep)
	if err != nil || !fresh {
		return err
	}
	s.askLater(ctx, m, cond, d)
	return nil
}

// Intake prepares a message as it comes from the gateway, one at a time
// in the order messages arrive: it reports false for one that needs no
// handling (empty, or not in a condition channel; the database answers
// which channels are from memory), and otherwise classifies it once, read
// after its author's recent messages here, and remembers it for the
// messages after it. The message it returns carries the decision (Rules),
// which HandleMessage or HandleEdit then act on without classifying
// again; the caller sends emergencies ahead of everything else.
//
// m.ParentID must be known (the thread's channel, or "" outside threads).
// When the database fails, a message is kept: an emergency is still
// answered (HandleMessage).
func (s *Service) Intake(ctx context.Context, m Message, edit bool) (Message, bool) {
	if strings.TrimSpace(m.Content) == "" {
		return m, false
	}
	cond, err := s.store.ConditionByChannel(ctx, m.HomeChannel())
	if ErrorCode(err) == ENOTFOUND || (err == nil && cond.GuildID != m.GuildID) {
		return m, false
	}
	if edit {
		s.talk.edit(m.ID, m.Content)
	}
	d := s.Classify(m)
	m.Rules = &d
	if !edit && err == nil {
		s.remember(m)
	}
	return m, true
}

// keepText reports whether a message's text may be kept for summaries:
// its author accepted the guidelines and did not opt out (the database
// answers from memory). A failure keeps nothing and is logged: capture
// never holds up triage.
func (s *Service) keepText(ctx context.Context, m Message) bool {
	if m.AuthorID == "" || m.Content == "" {
		return false
	}
	ok, err := s.store.Summarisable(ctx, m.GuildID, m.AuthorID)
	if err != nil {
		s.log.Warn("capture message", "message_id", m.ID, "code", ErrorCode(err), "error", errText(err))
		return false
	}
	return ok
}

// decide stores a decision that is not an emergency, with what it causes
// (a queued question, a peer thread) and the message's text when keep, in
// one group commit, then leaves the jobs to the runner. It reports whether
// the decision is new (false for a redelivered message).
func (s *Service) decide(ctx context.Context, m Message, cond Condition, d triage.Decision, source string, keep bool) (bool, error) {
	now := s.now().UTC()
	var keys []string
	var outdated bool
	err := s.store.Grouped(ctx, func(tx Store) error {
		keys, outdated = nil, false
		if ok, err := tx.RecordDecision(ctx, decisionRecord(m, cond, d, source, now)); err != nil {
			return fmt.Errorf("record the decision: %w", err)
		} else if !ok {
			return ErrDuplicate
		}
		if m.HomeChannel() != cond.OfficeChannelID {
			var err error
			switch d.Category {
			case triage.Clinical:
				keys, err = s.queueFrom(ctx, tx, m, cond, d, now)
			case triage.Peer:
				keys, err = peerJobs(ctx, tx, m, now)
			}
			if err != nil {
				return err
			}
		}
		if keep {
			var err error
			if outdated, err = s.captureIn(ctx, tx, m, cond, now); err != nil {
				return fmt.Errorf("keep the text: %w", err)
			}
		}
		return nil
	})
	if errors.Is(err, ErrDuplicate) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("%s: %w", decisionStep(d.Category), err)
	}
	if d.Category == triage.Peer && len(keys) > 0 {
		s.peerNames.put(m.ID, m.Content) // the thread job names the thread from it
	}
	s.metrics.TriageDecision(d.Category.String(), source)
	if outdated {
		s.Wake()
	}
	s.runSoon(ctx, keys...)
	return true, nil
}

// HandleEdit re-triages an edited message. Only a turn for the worse is
// acted on: an edit that makes a message an emergency is handled as one;
// anything else keeps the first decision.
func (s *Service) HandleEdit(ctx context.Context, m Message) error {
	defer s.captureEdit(ctx, m)
	s.talk.edit(m.ID, m.Content)
	d := s.rules(m)
	if d.Category != triage.Emergency {
		return nil
	}
	cond, err := s.store.ConditionByChannel(ctx, m.HomeChannel())
	if ErrorCode(err) == ENOTFOUND {
		return nil
	}
	if err != nil {
		return s.emergency(ctx, m, Condition{GuildID: m.GuildID}, d, "edit", "", false)
	}
	prev, err := s.store.Decision(ctx, m.ID)
	switch {
	case err == nil && prev.Category == triage.Emergency:
		return nil
	case err == nil:
		return s.emergency(ctx, m, cond, d, "edit", "", true)
	case ErrorCode(err) == ENOTFOUND:
		return s.emergency(ctx, m, cond, d, "edit", "", false)
	}
	return err
}

// noteClinicianPost counts a message from an open session's clinician in
// the office-hours channel (or its threads) as the clinician being there:
// a session whose queue is empty has nothing to Take, and its clinician
// talking to members is not running late.
func (s *Service) noteClinicianPost(ctx context.Context, m Message, cond Condition) {
	now := s.now().UTC()
	open, err := s.store.ConditionSessions(ctx, cond.ID, now, SessionOpen)
	if err != nil {
		s.log.Warn("reading the open session", "condition_id", cond.ID, "code", ErrorCode(err))
		return
	}
	for _, sess := range open {
		if sess.ClinicianID == "" || sess.ClinicianID != m.AuthorID || !sess.FirstActionAt.IsZero() {
			continue
		}
		if err := s.store.MarkSessionAction(ctx, sess.ID, now); err != nil {
			s.log.Warn("recording the clinician's arrival", "session_id", sess.ID, "code", ErrorCode(err))
		}
	}
}

// decisionStep names the handling of a message that is not an emergency,
// for errors ("clinical question: queue the question: database is
// locked").
//
//i18n:english for the logs
func decisionStep(c triage.Category) string {
	switch c {
	case triage.Clinical:
		return "clinical question"
	case triage.Peer:
		return "peer question"
	}
	return "triage decision"
}
