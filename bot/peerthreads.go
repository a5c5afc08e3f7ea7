package bot

import (
	"context"
	"time"

	"github.com/peerhours/peerhours/bot/triage"
)

// A peer question's thread has a lifecycle, every step of it a job stored
// with the decision (peer.go), so a restart neither repeats nor skips one:
//
//   - opened: the thread, and the mentors whose turn it is pinged;
//   - 6 h without a reply from another member: one nudge, pinging the next
//     mentors in the rotation (those not pinged for it yet, when there are);
//   - 24 h without a reply: the asker is offered the office-hours queue
//     (the follow-up);
//   - closed: when the asker (or a moderator) marks it resolved, after 72
//     hours in which nobody wrote in it, or when the asker left the server.
//     A closing note says why and the thread is archived; a thread whose
//     asker left is locked too, since nobody is there to read the answers.
//
// Threads opened before this lifecycle existed have no row and keep only
// the follow-up.

// Lifecycle timings.
const (
	peerNudgeAfter = 6 * time.Hour
	peerQuietAfter = 72 * time.Hour
)

// Why a peer thread closed.
const (
	PeerResolved  = "resolved"
	PeerQuiet     = "quiet"
	PeerAskerLeft = "asker_left"
)

// PeerThread is where a peer question's thread is in its lifecycle.
type PeerThread struct {
	MessageID   string
	GuildID     string
	ConditionID ConditionID
	ChannelID   string
	ThreadID    string
	UserID      string // the asker
	OpenedAt    time.Time
	NudgedAt    time.Time
	ClosedAt    time.Time
	ClosedBy    string
	CloseReason string
}

// Closed reports whether the thread's lifecycle ended.
func (p PeerThread) Closed() bool { return !p.ClosedAt.IsZero() }

// PeerThreadStore is the persistence of peer threads' lifecycles.
type PeerThreadStore interface {
	AddPeerThread(ctx context.Context, p PeerThread) error
	PeerThread(ctx context.Context, messageID string) (PeerThread, error)
	// SetPeerThreadNudged records the nudge and reports false when it was
	// recorded before or the thread closed.
	SetPeerThreadNudged(ctx context.Context, messageID string, at time.Time) (bool, error)
	// ClosePeerThread records the close and reports false when it closed
	// before.
	ClosePeerThread(ctx context.Context, messageID, reason, by string, at time.Time) (bool, error)
	OpenPeerThreadsOf(ctx context.Context, guildID, userID string) ([]PeerThread, error)
}

func peerQuietJob(messageID string, due time.Time) Job {
	return jobPeerQuiet.job(messageID, due, due.UnixMilli())
}

func peerCloseJob(messageID string, now time.Time) Job {
	return jobPeerClose.job(messageID, now)
}

// nudgePeerThread pings the next mentors once, six hours in, when nobody
// but the asker has written in the thread.
func (s *Service) nudgePeerThread(ctx context.Context, messageID string) error {
	pt, err := s.store.PeerThread(ctx, messageID)
	if ErrorCode(err) == ENOTFOUND {
		return nil // no thread yet, or opened before the lifecycle
	}
	if err != nil || pt.Closed() || !pt.NudgedAt.IsZero() {
		return err
	}
	rec, err := s.store.Decision(ctx, messageID)
	if err != nil {
		return err
	}
	if rec.Category != triage.Peer {
		return nil // sent to office hours or flagged since
	}
	n, err := s.discord.RepliesFromOthers(ctx, pt.ThreadID, pt.UserID, 1)
	if err != nil || n > 0 {
		return err
	}
	cond, err := s.store.Condition(ctx, pt.ConditionID)
	if err != nil {
		return err
	}
	mentors, err := s.pickMentors(ctx, cond, messageID, pt.UserID, pingNudge, MentorsPerPing)
	if err != nil {
		return err
	}
	if len(mentors) > 0 {
		if _, err := s.discord.Post(ctx, PeerNudge{ThreadID: pt.ThreadID, MentorIDs: mentors, Condition: cond.Name, Lang: s.lang(ctx, cond.GuildID)}); err != nil {
			return err
		}
	}
	_, err = s.store.SetPeerThreadNudged(ctx, messageID, s.now().UTC())
	return err
}

// checkPeerQuiet closes a thread nobody wrote in for 72 hours, or looks
// again 72 hours after its newest message.
func (s *Service) checkPeerQuiet(ctx context.Context, messageID string) error {
	pt, err := s.store.PeerThread(ctx, messageID)
	if ErrorCode(err) == ENOTFOUND {
		return nil
	}
	if err != nil || pt.Closed() {
		return err
	}
	st, err := s.discord.ThreadActivity(ctx, pt.ThreadID)
	if err != nil {
		return err
	}
	last := maxTime(st.LastActivity, pt.OpenedAt)
	now := s.now().UTC()
	if due := last.Add(peerQuietAfter); due.After(now) {
		return s.store.EnqueueJob(ctx, peerQuietJob(messageID, due))
	}
	return s.store.Atomically(ctx, func(tx Store) error {
		if ok, err := tx.ClosePeerThread(ctx, messageID, PeerQuiet, "", now); err != nil || !ok {
			return err
		}
		return tx.EnqueueJob(ctx, peerCloseJob(messageID, now))
	})
}

// ResolvePeerThread closes a peer thread because its asker (or a
// moderator) says the question is resolved.
func (s *Service) ResolvePeerThread(ctx context.Context, c Caller, messageID string) (PeerThread, error) {
	pt, err := s.store.PeerThread(ctx, messageID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && pt.GuildID != c.GuildID) {
		return PeerThread{}, Errorf(ENOTFOUND, "That thread is no longer known to me.")
	}
	if err != nil {
		return PeerThread{}, err
	}
	if pt.UserID != c.UserID {
		settings, err := s.store.GuildSettings(ctx, c.GuildID)
		if err != nil {
			return PeerThread{}, err
		}
		if !settings.IsModerator(c) {
			return PeerThread{}, Errorf(EFORBIDDEN, "Only the person who asked (or a moderator) can mark this resolved.")
		}
	}
	if pt.Closed() {
		return pt, Errorf(ECONFLICT, "This thread is already closed.")
	}
	now := s.now().UTC()
	err = s.commit(ctx, func(tx Store) ([]Job, error) {
		if ok, err := tx.ClosePeerThread(ctx, messageID, PeerResolved, c.UserID, now); err != nil || !ok {
			return nil, errOr(err, ErrDuplicate)
		}
		return []Job{peerCloseJob(messageID, now)}, nil
	})
	if err != nil {
		return PeerThread{}, err
	}
	return s.store.PeerThread(ctx, messageID)
}

// closePeerThreadsOf closes a departed member's open peer threads, in tx,
// and returns the keys of the jobs that carry it out.
func closePeerThreadsOf(ctx context.Context, tx Store, guildID, userID string, now time.Time) ([]string, error) {
	open, err := tx.OpenPeerThreadsOf(ctx, guildID, userID)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, pt := range open {
		if ok, err := tx.ClosePeerThread(ctx, pt.MessageID, PeerAskerLeft, "", now); err != nil {
			return nil, err
		} else if !ok {
			continue
		}
		j := peerCloseJob(pt.MessageID, now)
		if err := tx.EnqueueJob(ctx, j); err != nil {
			return nil, err
		}
		keys = append(keys, j.Key)
	}
	return keys, nil
}

// closePeerThread carries out a close on Discord: the note saying why,
// then the archive (locked when the asker left).
func (s *Service) closePeerThread(ctx context.Context, messageID string) error {
	pt, err := s.store.PeerThread(ctx, messageID)
	if err != nil || !pt.Closed() {
		return err
	}
	if _, err := s.discord.Post(ctx, PeerClosed{ThreadID: pt.ThreadID, Reason: pt.CloseReason, ClosedBy: pt.ClosedBy, AskerID: pt.UserID,
		Lang: s.lang(ctx, pt.GuildID)}); err != nil {
		return err
	}
	return s.discord.ArchiveThread(ctx, pt.ThreadID, pt.CloseReason == PeerAskerLeft)
}

// PeerNudge pings the next mentors in a peer thread still without a reply.
type PeerNudge struct {
	ThreadID  string
	MentorIDs []string
	Condition string
	Lang      Lang // the server's
}

// PeerClosed says why a peer thread closes.
type PeerClosed struct {
	ThreadID string
	Reason   string
	ClosedBy string
	AskerID  string
	Lang     Lang // the server's
}

func (n PeerNudge) Channel() string  { return n.ThreadID }
func (n PeerClosed) Channel() string { return n.ThreadID }
