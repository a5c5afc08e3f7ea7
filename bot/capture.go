package bot

import (
	"context"
	"time"
)

// Message capture: the text of messages in condition channels and their
// threads is stored, for members who accepted the guidelines and did not
// opt out of summaries, so that it can be summarised. It is stored once per
// message ID, edits replace it, a deletion on Discord erases it, and the
// retention job erases it after RETENTION_DAYS. Nothing else is kept: no
// names, no attachments.

// capture stores a message of a condition channel, after triage has acted
// on it. Failures are logged: capture never holds up triage.
func (s *Service) capture(ctx context.Context, m Message, cond Condition) {
	if _, err := s.captureMessage(ctx, m, cond); err != nil {
		s.log.Warn("capture message", "message_id", m.ID, "code", ErrorCode(err), "error", errText(err))
	}
}

// captureMessage stores m if its author may be summarised and reports
// whether it was stored now.
func (s *Service) captureMessage(ctx context.Context, m Message, cond Condition) (bool, error) {
	if m.AuthorID == "" || m.Content == "" {
		return false, nil
	}
	ok, err := s.summarisable(ctx, m.GuildID, m.AuthorID)
	if err != nil || !ok {
		return false, err
	}
	stored, err := s.store.CaptureMessage(ctx, CapturedMessage{
		ID: m.ID, GuildID: m.GuildID, ChannelID: m.ChannelID, ParentID: m.ParentID, ConditionID: cond.ID,
		AuthorID: m.AuthorID, Content: m.Content, ReplyTo: m.ReplyTo, CreatedAt: m.CreatedAt.UTC(), CapturedAt: s.now().UTC(),
	})
	if err != nil || !stored {
		return false, err
	}
	s.outdate(ctx, m.ChannelID, m.ParentID)
	return true, nil
}

// summarisable reports whether a member's messages may be kept and
// summarised: they accepted the guidelines and did not opt out.
func (s *Service) summarisable(ctx context.Context, guildID, userID string) (bool, error) {
	return s.store.Summarisable(ctx, guildID, userID)
}

// captureIn stores a message's text inside the transaction that records
// its decision (the caller checked its author may be summarised), and
// marks the channel's summaries outdated, with the jobs that say so on
// their review posts. It reports whether it enqueued any.
func (s *Service) captureIn(ctx context.Context, tx Store, m Message, cond Condition, now time.Time) (bool, error) {
	stored, err := tx.CaptureMessage(ctx, CapturedMessage{
		ID: m.ID, GuildID: m.GuildID, ChannelID: m.ChannelID, ParentID: m.ParentID, ConditionID: cond.ID,
		AuthorID: m.AuthorID, Content: m.Content, ReplyTo: m.ReplyTo, CreatedAt: m.CreatedAt.UTC(), CapturedAt: now,
	})
	if err != nil || !stored {
		return false, err
	}
	ids, err := tx.MarkSummariesOutdated(ctx, m.ChannelID, m.ParentID)
	if err != nil {
		return false, err
	}
	for _, id := range ids {
		if err := tx.EnqueueJob(ctx, jobSummaryOutdated.job(id, now)); err != nil {
			return false, err
		}
	}
	return len(ids) > 0, nil
}

// captureEdit applies an edit to a stored message.
func (s *Service) captureEdit(ctx context.Context, m Message) {
	if m.Content == "" {
		return
	}
	changed, err := s.store.EditCapturedMessage(ctx, m.ID, m.Content, s.now().UTC())
	if err != nil {
		s.log.Warn("capture edit", "message_id", m.ID, "code", ErrorCode(err), "error", errText(err))
		return
	}
	if changed {
		s.outdate(ctx, m.ChannelID, m.ParentID)
		// The text it replaced is still in the write-ahead log.
		s.compactSoon(ctx, compactBudgetEvent)
	}
}

// HandleDelete erases the stored text of messages deleted on Discord, and
// what summaries drafted from it (see erasure.go).
func (s *Service) HandleDelete(ctx context.Context, messageIDs ...string) error {
	s.talk.forget(messageIDs...)
	stored, err := s.store.CapturedIDs(ctx, messageIDs)
	if err != nil || len(stored) == 0 {
		return err // most deleted messages were never stored
	}
	now := s.now().UTC()
	var keys []string
	deleted := 0
	err = s.store.Atomically(ctx, func(tx Store) error {
		erased, err := tx.CapturedByID(ctx, messageIDs)
		if err != nil {
			return err
		}
		jobs, _, err := s.scrubErased(ctx, tx, erased, now)
		if err != nil {
			return err
		}
		if keys, err = enqueueAll(ctx, tx, jobs); err != nil {
			return err
		}
		deleted, err = tx.DeleteCapturedMessages(ctx, messageIDs...)
		return err
	})
	if err != nil {
		return err
	}
	if deleted > 0 {
		s.compactSoon(ctx, compactBudgetEvent)
	}
	s.runSoon(ctx, keys...)
	return nil
}

// SetSummaryOptOut leaves a member out of summaries (or back in); see
// SetSummariesIncluded, which /privacy summaries calls.
func (s *Service) SetSummaryOptOut(ctx context.Context, c Caller, optOut bool) error {
	_, err := s.SetSummariesIncluded(ctx, c, !optOut)
	return err
}

// outdate marks the summaries of a channel (and of the thread's channel)
// outdated, and has their review posts say so.
func (s *Service) outdate(ctx context.Context, channelID, parentID string) {
	ids, err := s.store.MarkSummariesOutdated(ctx, channelID, parentID)
	if err != nil {
		s.log.Warn("mark summaries outdated", "channel_id", channelID, "code", ErrorCode(err), "error", errText(err))
		return
	}
	if len(ids) == 0 {
		return
	}
	now := s.now().UTC()
	for _, id := range ids {
		if err := s.store.EnqueueJob(ctx, jobSummaryOutdated.job(id, now)); err != nil {
			s.log.Warn("enqueue outdated notice", "summary_id", id, "code", ErrorCode(err))
		}
	}
	s.Wake()
}

// retentionEvery is how often stored text past RETENTION_DAYS is erased.
const retentionEvery = time.Hour

// purgeExpired plans the next run, then erases message text older than
// RETENTION_DAYS. Planning first keeps the hourly runs going when this one
// fails for good (its retry policy is short: the next run purges the same
// text and more).
func (s *Service) purgeExpired(ctx context.Context) error {
	now := s.now().UTC()
	if err := s.enqueueRetention(ctx, now.Add(retentionEvery)); err != nil {
		return err
	}
	n, err := s.store.PurgeCapturedBefore(ctx, now.Add(-time.Duration(s.retentionDays)*24*time.Hour))
	if err != nil {
		return err
	}
	if n > 0 {
		s.log.Info("retention purge", "messages", n, "retention_days", s.retentionDays)
	}
	// The purged text, and anything an earlier checkpoint could not clear,
	// leaves the write-ahead log too (this tries even while a compact job
	// waits, so an abandoned one is taken up again within the hour).
	s.compactSoon(ctx, compactBudgetJob)
	return nil
}

func (s *Service) enqueueRetention(ctx context.Context, due time.Time) error {
	slot := due.Truncate(retentionEvery)
	return s.store.EnqueueJob(ctx, jobRetention.job(slot, slot.Unix()))
}
