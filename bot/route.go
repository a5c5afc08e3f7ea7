package bot

import (
	"context"
	"strings"
	"time"

	"github.com/peerhours/peerhours/bot/triage"
)

// TriageLLM gives a second opinion on a message's category. It sees only
// redacted text. It may raise the rules' category, never lower it, and it is
// never asked about, or waited for on, an emergency. Raising to emergency
// does not make one: it pages the moderators privately (raiseLLMAlert).
type TriageLLM interface {
	TriageOpinion(ctx context.Context, redactedText string) (triage.Category, error)
}

// llmBudget is the longest a non-emergency message waits for the LLM's
// second opinion before the rules' decision is acted on alone.
const llmBudget = 8 * time.Second

// HandleMessage triages a new message in a condition channel and acts on
// the decision. Messages elsewhere are ignored. A message delivered twice is
// handled once.
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
	// The text is kept for summaries once triage has acted on it.
	defer s.capture(ctx, m, cond)
	d := s.rules(m)
	// The next message of this person here is read after this one.
	s.remember(m)
	source := "rules"
	if d.Category == triage.Emergency {
		return s.emergency(ctx, m, cond, d, source, "", false)
	}
	// In the office-hours channel people talk to the clinician; only
	// emergencies need the bot there.
	if m.HomeChannel() == cond.OfficeChannelID {
		s.noteClinicianPost(ctx, m, cond)
		return s.record(ctx, m, cond, d, source)
	}
	// A redelivered message was settled the first time; the LLM need not
	// be asked again. (Recording stays the guard against doing it twice,
	// so without an LLM there is nothing to look up.)
	if s.llm != nil {
		if _, err := s.store.Decision(ctx, m.ID); err == nil {
			return nil
		}
	}
	if raised, ok := s.secondOpinion(ctx, m.GuildID, m.AuthorID, m.Content, d.Category); ok {
		if raised == triage.Emergency {
			// An LLM never causes a public crisis reply: what the rules
			// did not find, a model may be wrong about (or be told to
			// say, by the message itself). It pages the moderators
			// privately, and the message goes where the rules sent it,
			// its decision noting the LLM's opinion.
			d.Reasons = append(append([]string{}, d.Reasons...), ReasonLLMEmergency)
			if err := s.raiseLLMAlert(ctx, m, cond, d.Reasons); err != nil {
				return err
			}
		} else {
			d = triage.Decision{Category: raised, Reasons: append(append([]string{}, d.Reasons...), "llm."+raised.String())}
			source = "llm"
		}
	}
	switch d.Category {
	case triage.Emergency:
		return s.emergency(ctx, m, cond, d, source, "", false)
	case triage.Clinical:
		return s.clinical(ctx, m, cond, d, source)
	case triage.Peer:
		return s.peer(ctx, m, cond, d, source)
	}
	return s.record(ctx, m, cond, d, source)
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

// record stores a decision that needs no action.
func (s *Service) record(ctx context.Context, m Message, cond Condition, d triage.Decision, source string) error {
	ok, err := s.store.RecordDecision(ctx, decisionRecord(m, cond, d, source, s.now().UTC()))
	if err == nil && ok {
		s.metrics.TriageDecision(d.Category.String(), source)
	}
	return err
}

// secondOpinion asks the LLM, within llmBudget, whether the message is
// worse than the rules said. It reports the raised category, or false when
// there is no LLM, it failed, or it did not raise.
func (s *Service) secondOpinion(ctx context.Context, guildID, authorID, text string, rules triage.Category) (triage.Category, bool) {
	if s.llm == nil {
		return rules, false
	}
	ctx, cancel := context.WithTimeout(ctx, llmBudget)
	defer cancel()
	c, err := s.llm.TriageOpinion(ctx, s.redactForLLM(ctx, guildID, authorID, text))
	if err != nil {
		s.log.Warn("triage second opinion failed; the rules decide", "code", ErrorCode(err))
		return rules, false
	}
	if !c.Valid() || c <= rules {
		return rules, false
	}
	return c, true
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
