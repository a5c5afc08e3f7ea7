package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
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

// The LLM's second opinion is off the message path. HandleMessage stores
// and acts on the rules' decision first; the opinion is asked afterwards,
// and if it raises the category the message is handled again at the
// higher one (a question queued, a peer thread opened, or, for an
// emergency only the LLM saw, the moderators paged privately). A slow or
// hanging LLM therefore changes nothing about how fast messages are
// triaged or how much memory that takes: the opinions wait in a bounded
// queue for a fixed set of workers (as many as the LLM client calls at
// once), and when the queue is full the newest opinion is not asked (the
// rules' decision stands) and counted (peerhours_triage_opinions_total
// {outcome="shed"}). Messages themselves are never shed.
const (
	// llmBudget is the longest one opinion may take.
	llmBudget = 8 * time.Second
	// opinionQueue bounds the opinions waiting for a worker.
	opinionQueue = 256
	// opinionWorkers ask the LLM side by side (its client allows 3 calls
	// at once, shared with summaries).
	opinionWorkers = 3
)

// Outcomes of a second opinion, for metrics.
const (
	OpinionRaised = "raised" // the LLM raised the category
	OpinionKept   = "kept"   // it agreed, or would have lowered it
	OpinionFailed = "failed" // an error or an answer off the schema
	OpinionShed   = "shed"   // the queue was full: not asked
)

type opinionRequest struct {
	m    Message
	cond Condition
	d    triage.Decision
}

// askLater asks the LLM's second opinion on a decision just stored. With
// the runner beside the handlers (WithJobRunner) it is queued for the
// opinion workers (RunJobs runs them), or shed when the queue is full;
// without it (domain tests, the command line) it is asked at once.
func (s *Service) askLater(ctx context.Context, m Message, cond Condition, d triage.Decision) {
	if s.llm == nil || d.Category >= triage.Emergency {
		return
	}
	r := opinionRequest{m: m, cond: cond, d: d}
	if !s.jobRunner {
		s.opine(ctx, r)
		return
	}
	select {
	case s.opinions <- r:
	default:
		s.metrics.TriageOpinion(OpinionShed)
	}
}

// runOpinions asks the queued opinions until ctx ends; what is still
// queued then is dropped (the rules' decisions stand).
func (s *Service) runOpinions(ctx context.Context) {
	if s.llm == nil {
		return
	}
	done := make(chan struct{})
	for range opinionWorkers {
		go func() {
			defer func() { done <- struct{}{} }()
			for {
				select {
				case <-ctx.Done():
					return
				case r := <-s.opinions:
					s.opine(ctx, r)
				}
			}
		}()
	}
	for range opinionWorkers {
		<-done
	}
}

// opine asks the LLM about one decision and acts on a raise.
func (s *Service) opine(ctx context.Context, r opinionRequest) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("second opinion panicked", "message_id", r.m.ID)
		}
	}()
	raised, ok := s.secondOpinion(ctx, r.m.GuildID, r.m.AuthorID, r.m.Content, r.d.Category)
	if !ok {
		return
	}
	if err := s.raise(ctx, r, raised); err != nil {
		s.log.Warn("acting on the LLM's second opinion failed", "message_id", r.m.ID, "code", ErrorCode(err))
	}
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
		s.metrics.TriageOpinion(OpinionFailed)
		s.log.Warn("triage second opinion failed; the rules decide", "code", ErrorCode(err))
		return rules, false
	}
	if !c.Valid() {
		s.metrics.TriageOpinion(OpinionFailed)
		return rules, false
	}
	if c <= rules {
		s.metrics.TriageOpinion(OpinionKept)
		return rules, false
	}
	s.metrics.TriageOpinion(OpinionRaised)
	return c, true
}

// raise handles a message again at the category the LLM raised it to.
// An LLM never causes a public crisis reply: what the rules did not find,
// a model may be wrong about (or be told to say, by the message itself).
// An emergency only the LLM saw pages the moderators privately, and the
// message stays where the rules sent it, its decision noting the LLM's
// opinion. A decision raised meanwhile (an override, an edit) is left as
// it is.
func (s *Service) raise(ctx context.Context, r opinionRequest, to triage.Category) error {
	m, cond, d := r.m, r.cond, r.d
	now := s.now().UTC()
	if to == triage.Emergency {
		reasons := append(slices.Clip(d.Reasons), ReasonLLMEmergency)
		err := s.store.Grouped(ctx, func(tx Store) error {
			prev, err := tx.Decision(ctx, m.ID)
			if err != nil {
				return err
			}
			if prev.Source != "rules" || slices.Contains(prev.Reasons, ReasonLLMEmergency) {
				return nil
			}
			prev.Reasons, prev.UpdatedAt = reasons, now
			return tx.SetDecision(ctx, prev)
		})
		if err != nil {
			return err
		}
		return s.raiseLLMAlert(ctx, m, cond, reasons)
	}
	raised := triage.Decision{Category: to, Reasons: append(slices.Clip(d.Reasons), "llm."+to.String())}
	var keys []string
	err := s.store.Grouped(ctx, func(tx Store) error {
		keys = nil
		prev, err := tx.Decision(ctx, m.ID)
		if err != nil {
			return err
		}
		if prev.Source != "rules" || prev.Category >= to {
			return ErrDuplicate
		}
		if err := tx.RaiseDecision(ctx, decisionRecord(m, cond, raised, "llm", now)); err != nil {
			return err
		}
		switch to {
		case triage.Clinical:
			if q, err := tx.QuestionBySource(ctx, m.ID); err == nil && q.Status == QuestionQueued {
				return nil
			}
			keys, err = s.queueFrom(ctx, tx, m, cond, raised, now)
		case triage.Peer:
			keys, err = peerJobs(ctx, tx, m, now)
		}
		return err
	})
	if errors.Is(err, ErrDuplicate) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("raise to %s: %w", decisionStep(to), err)
	}
	if to == triage.Peer && len(keys) > 0 {
		s.peerNames.put(m.ID, m.Content)
	}
	s.metrics.TriageDecision(to.String(), "llm")
	s.runSoon(ctx, keys...)
	return nil
}
