package bot

import (
	"context"
	"time"
)

// Private alerts page the moderators about a person without posting
// anything to them: the LLM's second opinion called a message an emergency
// that the rules did not (an LLM never causes a public crisis reply), or a
// member is worried about someone (reports.go). They share the emergency
// alert's flow: a post in the alert channel pinging the moderator role with
// Acknowledge, a re-alert after five minutes that escalates, one state for
// every post.

// ReasonLLMEmergency marks a decision the LLM's second opinion called an
// emergency, which the rules did not: it pages moderators privately and
// changes nothing else.
const ReasonLLMEmergency = "llm.emergency"

// raiseLLMAlert pages the moderators about a message the LLM called an
// emergency and the rules did not.
func (s *Service) raiseLLMAlert(ctx context.Context, m Message, cond Condition, reasons []string) error {
	now := s.now().UTC()
	var keys []string
	err := s.store.Atomically(ctx, func(tx Store) error {
		a, fresh, err := tx.OpenAlert(ctx, Alert{Kind: AlertLLM, GuildID: m.GuildID, ChannelID: m.ChannelID, UserID: m.AuthorID,
			ConditionID: cond.ID, FirstMessageID: m.ID, LastMessageID: m.ID, Reasons: reasons, Messages: 1, OpenedAt: now},
			now.Add(-crisisWindow))
		if err != nil {
			return err
		}
		keys, err = enqueueAlertJobs(ctx, tx, a, fresh, now, "llm", m.ID)
		return err
	})
	if err != nil {
		return err
	}
	s.alertSoon(ctx, keys...)
	s.Wake()
	return nil
}

// enqueueAlertJobs stores the jobs that post an alert without a crisis
// reply: for a new alert its post and its re-alert, for one it joined a
// refresh of its posts. It returns the keys to run now.
func enqueueAlertJobs(ctx context.Context, tx Store, a Alert, fresh bool, now time.Time, why string, ref any) ([]string, error) {
	if fresh {
		post := jobAlert.job(a.ID, now)
		return []string{post.Key}, enqueue(ctx, tx, post, jobRealert.job(a.ID, now.Add(realertAfter)))
	}
	refresh := jobAlert.job(a.ID, now, why, ref)
	return []string{refresh.Key}, enqueue(ctx, tx, refresh)
}
