package bot

import (
	"context"
	"time"
)

// Members who leave: their queued questions leave the queue and their
// memberships end, at once; what else is stored about them (message text,
// consent) follows RETENTION_DAYS like everyone's, unless they asked for
// deletion before they left.
//
// Discord tells a bot that a member left (GUILD_MEMBER_REMOVE) only when
// it has the privileged Server Members intent. peerhours asks for it when
// the application has it switched on, and otherwise, and after any
// downtime, finds departures by asking Discord about each member who has a
// question waiting (SweepDeparted): the queue is right within the sweep
// interval either way.

// MemberLookup is what the sweep asks of Discord. The Discord adapter
// implements it; a Discord without it gets no sweep.
type MemberLookup interface {
	// IsMember reports whether the user is still a member of the server.
	IsMember(ctx context.Context, guildID, userID string) (bool, error)
}

// MemberLeft handles a member leaving a server: their queued questions
// leave the queue and their memberships end.
func (s *Service) MemberLeft(ctx context.Context, guildID, userID string) error {
	now := s.now().UTC()
	var removed []QuestionID
	var groups int
	var keys []string
	err := s.store.Atomically(ctx, func(tx Store) error {
		var err error
		if removed, err = tx.RemoveQueuedQuestions(ctx, guildID, userID, now); err != nil {
			return err
		}
		if groups, err = tx.DeleteMemberships(ctx, guildID, userID); err != nil {
			return err
		}
		if _, err := tx.DeleteMentors(ctx, guildID, userID); err != nil {
			return err
		}
		// Their open peer threads close: nobody is left to answer.
		closing, err := closePeerThreadsOf(ctx, tx, guildID, userID, now)
		if err != nil {
			return err
		}
		keys = append(keys, closing...)
		for _, id := range removed {
			// Their receipts stop offering Withdraw.
			j := jobReceiptEdit.job(id, now, now.UnixMilli())
			keys = append(keys, j.Key)
			if err := tx.EnqueueJob(ctx, j); err != nil {
				return err
			}
		}
		if len(removed) == 0 && groups == 0 {
			return nil // someone the bot holds nothing queued for
		}
		return s.audit(ctx, tx, AuditEntry{At: now, GuildID: guildID, Action: AuditMemberLeft,
			Target: auditTarget("user", userID), Detail: auditDetail("questions_removed", len(removed), "memberships", groups)})
	})
	if err != nil {
		return err
	}
	s.runSoon(ctx, keys...)
	if len(removed) > 0 || groups > 0 {
		s.log.Info("member left", "guild_id", guildID, "user_id", userID, "questions_removed", len(removed), "memberships", groups)
	}
	return nil
}

// SweepDeparted asks Discord whether each member with a queued question is
// still in the server, handles those who left, and returns how many did.
func (s *Service) SweepDeparted(ctx context.Context) (int, error) {
	lookup, ok := s.discord.(MemberLookup)
	if !ok {
		return 0, nil
	}
	askers, err := s.store.QueuedAskers(ctx)
	if err != nil {
		return 0, err
	}
	left := 0
	for _, a := range askers {
		in, err := lookup.IsMember(ctx, a.GuildID, a.UserID)
		if err != nil {
			if ctx.Err() != nil {
				return left, ctx.Err()
			}
			s.log.Warn("member sweep lookup failed", "guild_id", a.GuildID, "user_id", a.UserID, "code", ErrorCode(err))
			continue
		}
		if in {
			continue
		}
		if err := s.MemberLeft(ctx, a.GuildID, a.UserID); err != nil {
			return left, err
		}
		left++
	}
	return left, nil
}

// RunMemberSweeps runs SweepDeparted now and then every interval until ctx
// ends.
func (s *Service) RunMemberSweeps(ctx context.Context, every time.Duration) {
	for {
		if _, err := s.SweepDeparted(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("member sweep", "code", ErrorCode(err), "error", errText(err))
		}
		t := time.NewTimer(every)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}
