package bot

import (
	"context"
	"time"
)

// Outcomes: after a clinician marks a question answered, its asker is
// asked once "Was this helpful? Yes / Not really". The prompt goes where
// the answer is (the question's thread, private for an anonymous
// question; the office-hours channel for a question answered without a
// thread, unless it was anonymous), mentions the asker only, and takes a
// click from the asker only; the choice is never shown to anyone else: the
// prompt loses its buttons and says thanks, whichever was chosen. The
// answers count in /stats as the helpful rate.

const jobHelpful rowJob[QuestionID] = "helpful" // helpful:Q — ask the asker whether the answer helped

// Feedback is a question's "Was this helpful?" prompt and its answer.
type Feedback struct {
	QuestionID      QuestionID
	GuildID         string
	ConditionID     ConditionID
	UserID          string
	AskedAt         time.Time
	PromptChannelID string
	PromptMessageID string
	// Helpful is HelpfulUnanswered until the asker chooses.
	Helpful    Helpfulness
	AnsweredAt time.Time
}

// Helpfulness is an asker's answer to "Was this helpful?". The values are
// stored.
type Helpfulness int

// Answers to "Was this helpful?".
const (
	HelpfulUnanswered Helpfulness = -1
	HelpfulNo         Helpfulness = 0
	HelpfulYes        Helpfulness = 1
)

// HelpfulPrompt asks the asker of an answered question whether it helped.
type HelpfulPrompt struct {
	ChannelID  string
	QuestionID QuestionID
	UserID     string
	Condition  string
	Lang       Lang // the server's, or the person's when private
}

func (n HelpfulPrompt) Channel() string { return n.ChannelID }

// AuditFeedbackGiven records that an asker answered "Was this helpful?"
// (not what they answered: the rate is in /stats).
const AuditFeedbackGiven AuditAction = "feedback.given"

// FeedbackStore is the persistence of "Was this helpful?".
type FeedbackStore interface {
	// AddFeedback stores a prompt about to be sent; false when one was
	// stored for the question before.
	AddFeedback(ctx context.Context, f Feedback) (bool, error)
	Feedback(ctx context.Context, questionID QuestionID) (Feedback, error)
	SetFeedbackPrompt(ctx context.Context, questionID QuestionID, channelID, messageID string) error
	// SetFeedbackAnswer records the asker's answer, and reports false when
	// they had answered before.
	SetFeedbackAnswer(ctx context.Context, questionID QuestionID, h Helpfulness, at time.Time) (bool, error)
}

func helpfulJob(questionID QuestionID, now time.Time) Job {
	return jobHelpful.job(questionID, now)
}

// askHelpful posts the prompt once.
func (s *Service) askHelpful(ctx context.Context, questionID QuestionID) error {
	q, err := s.store.Question(ctx, questionID)
	if err != nil {
		return err
	}
	if q.UserID == "" || q.Status != QuestionAnswered {
		return nil // erased, or no longer answered
	}
	cond, err := s.store.Condition(ctx, q.ConditionID)
	if err != nil {
		return err
	}
	channel := q.ThreadID
	if channel == "" && !q.Anonymous {
		channel = cond.OfficeChannelID
	}
	if channel == "" {
		return nil // an anonymous question answered without its private thread: nowhere private to ask
	}
	if _, err := s.store.AddFeedback(ctx, Feedback{QuestionID: q.ID, GuildID: q.GuildID, ConditionID: q.ConditionID,
		UserID: q.UserID, AskedAt: s.now().UTC(), Helpful: HelpfulUnanswered}); err != nil {
		return err
	}
	f, err := s.store.Feedback(ctx, q.ID)
	if err != nil || f.PromptMessageID != "" {
		return err
	}
	id, err := s.discord.Post(ctx, HelpfulPrompt{Lang: s.lang(ctx, cond.GuildID), ChannelID: channel, QuestionID: q.ID, UserID: q.UserID, Condition: cond.Name})
	if err != nil {
		return err
	}
	return s.store.SetFeedbackPrompt(ctx, q.ID, channel, id)
}

// GiveFeedback records the asker's answer to "Was this helpful?", once.
func (s *Service) GiveFeedback(ctx context.Context, c Caller, questionID QuestionID, h Helpfulness) error {
	if h != HelpfulYes && h != HelpfulNo {
		return Errorf(EINVALID, "This button is out of date.")
	}
	f, err := s.store.Feedback(ctx, questionID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && f.GuildID != c.GuildID) {
		return Errorf(ENOTFOUND, "That question is no longer known to me.")
	}
	if err != nil {
		return err
	}
	if f.UserID != c.UserID {
		return Errorf(EFORBIDDEN, "Only the person who asked this question can answer that.")
	}
	now := s.now().UTC()
	return s.store.Atomically(ctx, func(tx Store) error {
		ok, err := tx.SetFeedbackAnswer(ctx, questionID, h, now)
		if err != nil {
			return err
		}
		if !ok {
			return Errorf(ECONFLICT, "You already told us, thank you.")
		}
		return s.audit(ctx, tx, AuditEntry{At: now, GuildID: c.GuildID, ActorID: c.UserID, Action: AuditFeedbackGiven,
			Target: auditTarget("question", questionID)})
	})
}
