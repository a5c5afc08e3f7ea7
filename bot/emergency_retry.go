package bot

import (
	"context"
	"sync"
	"time"

	"github.com/peerhours/peerhours/bot/triage"
)

// When the database fails as an emergency arrives (the disk is full, the
// file is locked), emergency sends the crisis reply at once without it,
// but the decision, the alert that pages a moderator and the re-alert were
// not stored. They are held here, in memory, and stored as soon as the
// database takes writes again — the job runner tries every couple of
// seconds — with the crisis reply marked as sent, so it is not sent twice
// and the alert still goes out. (A crash before then loses what is held;
// the message has no decision, so the catch-up at the next start handles
// it again.)

// WithLeadership gives the service a way to ask whether this process still
// leads (on PostgreSQL, where a standby takes over from a leader cut off
// from the database; cmd/peerhours/leadership.go). It asks before a
// crisis reply sent without the database: a leader whose database does
// not answer may have been replaced already, and the new leader answers
// the same message from its own gateway session or from the channel's
// history, so the old one stays silent rather than answer twice. Without
// it (SQLite) the process always leads, and a database that fails never
// delays a crisis reply.
func WithLeadership(leads func(context.Context) bool) Option {
	return func(s *Service) { s.leads = leads }
}

type pendingEmergency struct {
	m                 Message
	d                 triage.Decision
	source, flaggedBy string
	isEdit            bool
	replyID           string // the crisis reply sent without the database ("" if that failed too)
}

const (
	maxPendingEmergencies = 1000
	emergencyRetry        = 2 * time.Second
)

type emergencyHold struct {
	mu      sync.Mutex
	pending []pendingEmergency
}

type sentReplyCtx struct{}

// withSentReply marks ctx as storing an emergency whose crisis reply was
// already sent (as message replyID).
func withSentReply(ctx context.Context, replyID string) context.Context {
	return context.WithValue(ctx, sentReplyCtx{}, &replyID)
}

// sentReply reports whether ctx stores an emergency already answered, and
// with which message.
func sentReply(ctx context.Context) (string, bool) {
	p, ok := ctx.Value(sentReplyCtx{}).(*string)
	if !ok {
		return "", false
	}
	return *p, true
}

func (s *Service) holdEmergency(p pendingEmergency) {
	s.held.mu.Lock()
	if len(s.held.pending) < maxPendingEmergencies {
		s.held.pending = append(s.held.pending, p)
	}
	s.held.mu.Unlock()
	s.Wake()
}

// storeHeldEmergencies stores what holdEmergency kept, oldest first, until
// the database fails again. It reports whether any are still held.
func (s *Service) storeHeldEmergencies(ctx context.Context) bool {
	s.held.mu.Lock()
	list := s.held.pending
	s.held.pending = nil
	s.held.mu.Unlock()
	if len(list) == 0 {
		return false
	}
	done := 0
	for _, p := range list {
		cond, err := s.store.ConditionByChannel(ctx, p.m.HomeChannel())
		if ErrorCode(err) == ENOTFOUND {
			done++ // the condition is gone: nothing to page about any more
			continue
		}
		if err == nil {
			err = s.emergency(withSentReply(ctx, p.replyID), p.m, cond, p.d, p.source, p.flaggedBy, p.isEdit)
		}
		if err != nil {
			break // still failing; try again later
		}
		done++
		s.log.Info("stored an emergency held while the database failed", "message_id", p.m.ID, "guild_id", p.m.GuildID)
	}
	s.held.mu.Lock()
	s.held.pending = append(list[done:], s.held.pending...)
	left := len(s.held.pending) > 0
	s.held.mu.Unlock()
	return left
}
