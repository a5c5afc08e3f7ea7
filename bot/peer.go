package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/peerhours/peerhours/bot/triage"
)

// peerWait is how long a peer question may go without an answer from
// another member before the asker is offered the office-hours queue.
const peerWait = 24 * time.Hour

// peerJobs plans a thread on a peer question, pinging the condition's peer
// mentors there, the nudge if it stays quiet, the follow-up and the quiet
// check, inside the transaction that records its decision. A question
// asked inside a thread is already in a conversation and is left alone.
// It returns the jobs to run.
func peerJobs(ctx context.Context, tx Store, m Message, now time.Time) ([]string, error) {
	if m.InThread() {
		return nil, nil
	}
	thread := jobPeerThread.job(m.ID, now)
	if err := tx.EnqueueJob(ctx, thread); err != nil {
		return nil, fmt.Errorf("enqueue the thread: %w", err)
	}
	return []string{thread.Key}, nil
}

// threadJobs are what a peer thread needs once it is open: its welcome,
// and the nudge, follow-up and quiet check, due as long after the question
// as they would have been had the thread opened at once. They are stored
// with the thread, not with the question: every chat question would
// otherwise store three more jobs under a burst, for threads that may
// never open.
func threadJobs(messageID string, asked, now time.Time) []Job {
	return []Job{
		jobPeerWelcome.job(messageID, now),
		jobPeerNudge.job(messageID, asked.Add(peerNudgeAfter)),
		jobPeerFollowup.job(messageID, asked.Add(peerWait)),
		peerQuietJob(messageID, asked.Add(peerQuietAfter)),
	}
}

func (s *Service) openPeerThread(ctx context.Context, messageID string) error {
	rec, err := s.store.Decision(ctx, messageID)
	if err != nil {
		return fmt.Errorf("peer thread: read the decision: %w", err)
	}
	if rec.ThreadID != "" {
		return nil
	}
	cond, err := s.store.Condition(ctx, rec.ConditionID)
	if err != nil {
		return fmt.Errorf("peer thread: read the condition: %w", err)
	}
	l := s.lang(ctx, rec.GuildID) // a thread's name is public: the server's language
	name := defaultThreadName.In(l)
	text, named := s.peerNames.take(rec.MessageID)
	if named {
		name = threadName(l, s.redactorFor(ctx, rec.GuildID).Redact(text))
	}
	threadID, err := s.discord.StartThread(ctx, rec.ChannelID, rec.MessageID, name)
	if err != nil {
		if named && ErrorCode(err) != ENOTFOUND && ErrorCode(err) != EINVALID {
			// the job is retried: keep the name (redacted already) for it
			s.peerNames.put(rec.MessageID, name)
		}
		return fmt.Errorf("peer thread: open it: %w", err)
	}
	// The thread, its lifecycle row and its jobs land together: a welcome
	// that fails is retried on its own.
	jobs := threadJobs(rec.MessageID, rec.CreatedAt, s.now())
	if err := s.store.Atomically(ctx, func(tx Store) error {
		if err := tx.SetDecisionThread(ctx, rec.MessageID, threadID); err != nil {
			return err
		}
		if err := tx.AddPeerThread(ctx, PeerThread{MessageID: rec.MessageID, GuildID: rec.GuildID, ConditionID: cond.ID,
			ChannelID: rec.ChannelID, ThreadID: threadID, UserID: rec.UserID, OpenedAt: s.now().UTC()}); err != nil {
			return err
		}
		return enqueue(ctx, tx, jobs...)
	}); err != nil {
		return fmt.Errorf("peer thread: record it: %w", err)
	}
	s.runNow(ctx, jobs[0].Key)
	return nil
}

// welcomePeerThread posts the thread's first message, pinging the mentors
// whose turn it is (chosen once: a retry pings the same people).
func (s *Service) welcomePeerThread(ctx context.Context, messageID string) error {
	rec, err := s.store.Decision(ctx, messageID)
	if err != nil || rec.ThreadID == "" {
		return err
	}
	cond, err := s.store.Condition(ctx, rec.ConditionID)
	if err != nil {
		return err
	}
	mentors, err := s.pickMentors(ctx, cond, rec.MessageID, rec.UserID, pingWelcome, MentorsPerPing)
	if err != nil {
		return err
	}
	_, err = s.discord.Post(ctx, PeerWelcome{ThreadID: rec.ThreadID, MentorIDs: mentors, Condition: cond.Name,
		SourceMessageID: rec.MessageID, AskerID: rec.UserID, Lang: s.lang(ctx, cond.GuildID)})
	return err
}

// peerFollowup offers the asker the queue when nobody else answered in the
// peer thread.
func (s *Service) peerFollowup(ctx context.Context, messageID string) error {
	rec, err := s.store.Decision(ctx, messageID)
	if err != nil {
		return fmt.Errorf("peer follow-up: read the decision: %w", err)
	}
	if rec.ThreadID == "" || rec.Category != triage.Peer {
		return nil // never got a thread, or was escalated since
	}
	if pt, err := s.store.PeerThread(ctx, messageID); err == nil && pt.Closed() {
		return nil // resolved, or its asker left
	}
	if _, err := s.store.QuestionBySource(ctx, messageID); err == nil {
		return nil // already queued
	}
	n, err := s.discord.RepliesFromOthers(ctx, rec.ThreadID, rec.UserID, 1)
	if err != nil {
		return fmt.Errorf("peer follow-up: count the replies: %w", err)
	}
	if n > 0 {
		return nil
	}
	if _, err := s.discord.Post(ctx, PeerFollowup{ThreadID: rec.ThreadID, UserID: rec.UserID, SourceMessageID: rec.MessageID, ConditionID: rec.ConditionID,
		Lang: s.lang(ctx, rec.GuildID)}); err != nil {
		return fmt.Errorf("peer follow-up: post it: %w", err)
	}
	return nil
}

// AcceptOffer queues an unanswered peer question when its asker accepts the
// follow-up's offer. The follow-up (offerChannelID, offerMessageID) becomes
// the question's receipt: the reply to the click turns it into one, and it
// is edited when the question leaves the queue.
func (s *Service) AcceptOffer(ctx context.Context, c Caller, messageID, offerChannelID, offerMessageID string) (QueueReceipt, error) {
	rec, err := s.store.Decision(ctx, messageID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && rec.GuildID != c.GuildID) {
		return QueueReceipt{}, Errorf(ENOTFOUND, "That question is no longer known to me.")
	}
	if err != nil {
		return QueueReceipt{}, err
	}
	if rec.UserID != c.UserID {
		return QueueReceipt{}, Errorf(EFORBIDDEN, "Only the person who asked can send this question to office hours.")
	}
	if q, err := s.store.QuestionBySource(ctx, messageID); err == nil {
		return s.receipt(ctx, q)
	}
	m, err := s.discord.FetchMessage(ctx, rec.ChannelID, rec.MessageID)
	if err != nil {
		if ErrorCode(err) == ENOTFOUND {
			return QueueReceipt{}, Errorf(ENOTFOUND, "The original message was deleted, so there is nothing to send. You can use `/ask` instead.")
		}
		return QueueReceipt{}, err
	}
	now := s.now().UTC()
	var q Question
	var keys []string
	err = s.store.Atomically(ctx, func(tx Store) error {
		var err error
		q, keys, err = s.queue(ctx, tx, Question{GuildID: rec.GuildID, ConditionID: rec.ConditionID, UserID: rec.UserID,
			Text: clip(strings.TrimSpace(m.Content), maxQuestion), SourceChannelID: rec.ChannelID, SourceMessageID: rec.MessageID,
			CreatedAt: now, UpdatedAt: now})
		if err != nil || offerMessageID == "" {
			return err
		}
		q.ReceiptChannelID, q.ReceiptMessageID = offerChannelID, offerMessageID
		return tx.SetQuestionReceipt(ctx, q.ID, offerChannelID, offerMessageID)
	})
	if err != nil {
		return QueueReceipt{}, err
	}
	s.runNow(ctx, keys...)
	return s.receipt(ctx, q)
}
