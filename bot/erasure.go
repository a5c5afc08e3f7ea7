package bot

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Erased means erased everywhere. When a member opts out of summaries, a
// message is deleted on Discord, or a member runs /privacy delete, the text
// goes from every place peerhours keeps or shows it:
//
//   - stored message text (captured_messages);
//   - stored summary drafts: every statement that cites an erased message,
//     and every statement that repeats its words under another citation
//     (an LLM may quote one member while citing another; see echoCheck),
//     with a count of what was removed (Summary.Erased);
//   - the draft's review posts in the review channel, edited at once (a
//     summary_rewrite job); a draft that lost statements says so and can
//     no longer be approved or sent for follow-up as drafted, only
//     rejected, and /summarize makes a fresh one;
//   - queue items in office-hours channels that quote an erased member's
//     questions, anonymous ones included (edited through oh_item jobs);
//   - the database's files: after the transaction the write-ahead log is
//     checkpointed and truncated (Store.Compact), retried while another
//     reader holds an older snapshot; if it cannot finish within the
//     request, a compact job finishes it and the member is told it will
//     be done shortly, not that it is done. Edits and the retention purge
//     are checkpointed too, so replaced and expired text does not wait in
//     the log.
//
// And it stays erased: a summary's read of a channel's history judges each
// message by when it was written (CaptureSince): nothing written before a
// member's consent began, or before they came back after an erasure or an
// opt-out, is stored again.

// ErasureStore is the persistence erasure needs beyond PrivacyStore.
type ErasureStore interface {
	// CapturedByID returns the stored messages among these IDs.
	CapturedByID(ctx context.Context, messageIDs []string) ([]CapturedMessage, error)
	// CapturedBy returns a member's stored messages in a server.
	CapturedBy(ctx context.Context, guildID, userID string) ([]CapturedMessage, error)
	// SummariesIn returns a server's unexpired summaries of these channels
	// (as the channel or thread summarised, or a thread's channel).
	SummariesIn(ctx context.Context, guildID string, channelIDs []string) ([]Summary, error)
	// ScrubSummary replaces a draft after an erasure, adding removed to
	// its count of erased statements.
	ScrubSummary(ctx context.Context, id SummaryID, d Draft, removed int) error
	// PostedQuestionItems returns the posted queue items of these questions.
	PostedQuestionItems(ctx context.Context, questionIDs []QuestionID) ([]SessionQuestion, error)
	// CaptureSince reports whether a member's messages may be stored and
	// the earliest time one may have been written to be stored.
	CaptureSince(ctx context.Context, guildID, userID string) (time.Time, bool, error)
	// SetCaptureFloor records that nothing a member wrote before at is to
	// be stored again.
	SetCaptureFloor(ctx context.Context, guildID, userID string, at time.Time) error
}

// Job kinds of erasure.
const (
	jobSummaryRewrite rowJob[SummaryID] = "summary_rewrite" // re-render the summary's posted parts after an erasure
	jobCompact        periodicJob       = "compact"         // checkpoint and truncate the WAL (a reader held it back)
)

// Budgets for the checkpoint after an erasure: a member waits for the
// answer (the interaction is deferred after a second), a message event
// does not.
const (
	compactBudgetRequest = 3 * time.Second
	compactBudgetEvent   = time.Second
	compactBudgetJob     = 5 * time.Second
)

// scrubErased removes what erased messages said from the summaries of
// their channels and returns the jobs that re-render the review posts.
// Call it inside the transaction that deletes the messages, before they
// go.
func (s *Service) scrubErased(ctx context.Context, tx Store, erased []CapturedMessage, now time.Time) ([]Job, int, error) {
	byGuild := map[string][]CapturedMessage{}
	for _, m := range erased {
		byGuild[m.GuildID] = append(byGuild[m.GuildID], m)
	}
	var jobs []Job
	changed := 0
	for guildID, msgs := range byGuild {
		gone := make(map[string]bool, len(msgs))
		var channels []string
		for _, m := range msgs {
			gone[m.ID] = true
			for _, c := range []string{m.ChannelID, m.ParentID} {
				if c != "" && !slices.Contains(channels, c) {
					channels = append(channels, c)
				}
			}
		}
		sums, err := tx.SummariesIn(ctx, guildID, channels)
		if err != nil {
			return nil, 0, err
		}
		for _, sum := range sums {
			var within []CapturedMessage
			for _, m := range msgs {
				if (m.ChannelID == sum.ChannelID || m.ParentID == sum.ChannelID) &&
					!m.CreatedAt.Before(sum.FirstAt) && !m.CreatedAt.After(sum.LastAt) {
					within = append(within, m)
				}
			}
			if len(within) == 0 && !citesAnyOf(sum.Draft, gone) {
				continue
			}
			check, err := newEchoCheck(ctx, tx, sum, within, gone)
			if err != nil {
				return nil, 0, err
			}
			d, removed := scrubDraft(sum.Draft, gone, check)
			if removed == 0 {
				continue
			}
			if err := tx.ScrubSummary(ctx, sum.ID, d, removed); err != nil {
				return nil, 0, err
			}
			changed++
			// Keyed by the count of statements erased so far, which every
			// scrub raises: each scrub re-renders once.
			jobs = append(jobs, jobSummaryRewrite.job(sum.ID, now, sum.Erased+removed))
		}
	}
	return jobs, changed, nil
}

func citesAnyOf(d Draft, gone map[string]bool) bool {
	for _, it := range allItems(d) {
		if slices.ContainsFunc(it.Cites, func(id string) bool { return gone[id] }) {
			return true
		}
	}
	return false
}

// newEchoCheck loads what the summary still rests on: its window's stored
// messages other than the erased ones.
func newEchoCheck(ctx context.Context, tx Store, sum Summary, erased []CapturedMessage, gone map[string]bool) (echoCheck, error) {
	c := echoCheck{kept: map[string]bool{}, keptGrams: map[string]bool{}}
	for _, m := range erased {
		c.erased = append(c.erased, words(m.Content))
	}
	if len(erased) == 0 {
		return c, nil
	}
	rest, err := tx.CapturedMessages(ctx, sum.ChannelID, sum.FirstAt, sum.LastAt.Add(time.Millisecond), MaxSummaryMessages)
	if err != nil {
		return c, err
	}
	for _, m := range rest {
		if gone[m.ID] {
			continue
		}
		c.keep(words(m.Content))
	}
	return c, nil
}

// scrubDraft drops the statements that cite an erased message or echo its
// words, and reports how many went.
func scrubDraft(d Draft, gone map[string]bool, check echoCheck) (Draft, int) {
	removed := 0
	drop := func(it SummaryItem) bool {
		if slices.ContainsFunc(it.Cites, func(id string) bool { return gone[id] }) || check.echoes(it.Text) {
			removed++
			return true
		}
		return false
	}
	keep := func(items []SummaryItem) []SummaryItem {
		out := items[:0:0]
		for _, it := range items {
			if !drop(it) {
				out = append(out, it)
			}
		}
		return out
	}
	out := Draft{Themes: keep(d.Themes), Questions: keep(d.Questions), Misinformation: keep(d.Misinformation), Safety: keep(d.Safety),
		Flagged: keep(d.Flagged)}
	if d.Overview.Text != "" && !drop(d.Overview) {
		out.Overview = d.Overview
	}
	return out, removed
}

// enqueueAll stores jobs and returns their keys, for runSoon.
func enqueueAll(ctx context.Context, tx Store, jobs []Job) ([]string, error) {
	keys := make([]string, 0, len(jobs))
	for _, j := range jobs {
		if err := tx.EnqueueJob(ctx, j); err != nil {
			return nil, err
		}
		keys = append(keys, j.Key)
	}
	return keys, nil
}

// rewriteSummaryPosts edits a summary's posted parts to show the draft as
// it is after an erasure: fewer statements, a note saying why, and no
// Approve or Needs follow-up. Parts it no longer needs say they were
// emptied; parts not posted yet are posted.
func (s *Service) rewriteSummaryPosts(ctx context.Context, id SummaryID) error {
	sum, err := s.store.Summary(ctx, id)
	if err != nil {
		return err
	}
	posted, err := s.store.SummaryPosts(ctx, id)
	if err != nil || len(posted) == 0 {
		return err // not posted yet: the post job posts the scrubbed draft
	}
	parts, err := s.reviewLayout(ctx, sum)
	if err != nil {
		return err
	}
	nums := make([]int, 0, len(posted))
	for p := range posted {
		nums = append(nums, p)
	}
	slices.Sort(nums)
	for _, p := range nums {
		n := SummaryReview{Lang: parts[0].Lang, ChannelID: parts[0].ChannelID, GuildID: sum.GuildID, SummaryID: sum.ID, Part: p, Parts: len(parts),
			Condition: parts[0].Condition, Kind: sum.Kind, Emptied: true}
		if p <= len(parts) {
			n = parts[p-1]
		}
		if err := s.discord.Edit(ctx, n.ChannelID, posted[p], n); err != nil {
			return err
		}
	}
	return s.postSummary(ctx, id)
}

// compactSoon checkpoints the write-ahead log within budget and reports
// whether it finished; if it did not, a compact job finishes it. While
// such a job waits for a reader, events (deletes, edits) leave the work to
// it rather than each waiting out the reader in turn; a member's request
// still tries, since its answer depends on it.
func (s *Service) compactSoon(ctx context.Context, budget time.Duration) bool {
	if budget < compactBudgetRequest && s.walBehind.Load() {
		return false
	}
	cctx, cancel := context.WithTimeout(ctx, budget)
	err := s.store.Compact(cctx)
	cancel()
	if err == nil {
		s.walBehind.Store(false)
		return true
	}
	s.walBehind.Store(true)
	now := s.now().UTC()
	due := now.Add(5 * time.Second)
	if jerr := s.store.EnqueueJob(ctx, jobCompact.job(due, due.Truncate(time.Minute).Unix())); jerr != nil {
		s.log.Error("enqueue WAL checkpoint", "code", ErrorCode(jerr), "error", errText(jerr))
	}
	s.log.Warn("WAL checkpoint held back by a reader; a job finishes it", "code", ErrorCode(err), "error", errText(err))
	s.Wake()
	return false
}

// runCompact is the compact job: it fails (and is retried with backoff)
// until the checkpoint finishes.
func (s *Service) runCompact(ctx context.Context) error {
	cctx, cancel := context.WithTimeout(ctx, compactBudgetJob)
	defer cancel()
	if err := s.store.Compact(cctx); err != nil {
		return Errorf(EUNAVAILABLE, "WAL checkpoint still held back: %v", err)
	}
	s.walBehind.Store(false)
	s.log.Info("WAL checkpoint after erasure finished")
	return nil
}

// erasedItemJobs re-render the posted queue items of erased questions.
func erasedItemJobs(ctx context.Context, tx Store, questionIDs []QuestionID, now time.Time) ([]Job, error) {
	items, err := tx.PostedQuestionItems(ctx, questionIDs)
	if err != nil {
		return nil, err
	}
	jobs := make([]Job, 0, len(items))
	for _, sq := range items {
		jobs = append(jobs, jobOHItem.job(sq.SessionID, sq.QuestionID, now, "erased", now.UnixMilli()))
	}
	return jobs, nil
}

// erasedQuestion reports a question whose asker erased their data: its
// text and asker are blank.
func erasedQuestion(q Question) bool {
	return q.UserID == "" && strings.TrimSpace(q.Text) == ""
}
