package bot

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// The session report posted for moderators and clinicians when a session
// ends.

// sendReport posts the session report to the review channel.
func (s *Service) sendReport(ctx context.Context, sessionID SessionID) error {
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil {
		return err
	}
	cond, err := s.store.Condition(ctx, sess.ConditionID)
	if err != nil {
		return err
	}
	settings, err := s.store.GuildSettings(ctx, cond.GuildID)
	if err != nil {
		return err
	}
	if settings.ReviewChannelID == "" {
		return Errorf(ESETUP, "no review channel is set")
	}
	r, err := s.report(ctx, sess, cond)
	if err != nil {
		return err
	}
	r.ChannelID = settings.ReviewChannelID
	r.SummaryURL = s.sessionSummary(ctx, sess, cond)
	_, err = s.discord.Post(ctx, r)
	return err
}

// sessionSummary drafts a summary of what was said in the office-hours
// channel and its threads while the session was open, posts it for review,
// and returns its link. A session that never opened has nothing to
// summarise; a failure leaves the report without the link rather than
// holding the report back. A retried report job finds the same draft by
// its fingerprint and posts nothing twice.
func (s *Service) sessionSummary(ctx context.Context, sess OfficeSession, cond Condition) string {
	if sess.OpenedAt.IsZero() {
		return ""
	}
	end := sess.ClosedAt
	if end.IsZero() {
		end = s.now()
	}
	res, err := s.SummarizeSession(ctx, cond, sess.OpenedAt, end)
	if err != nil {
		if ErrorCode(err) != ENOTFOUND && ErrorCode(err) != EINVALID {
			s.log.Warn("session summary failed; the report goes without it", "session", sess.ID, "code", ErrorCode(err))
		}
		return ""
	}
	return res.ReviewURL
}

func (s *Service) report(ctx context.Context, sess OfficeSession, cond Condition) (SessionReport, error) {
	r := SessionReport{Lang: s.lang(ctx, cond.GuildID), SessionID: sess.ID, Condition: cond.Name, StartsAt: sess.StartsAt, EndsAt: sess.EndsAt,
		OpenedAt: sess.OpenedAt, ClosedAt: sess.ClosedAt}
	sqs, err := s.store.SessionQuestions(ctx, sess.ID)
	if err != nil {
		return r, err
	}
	var waits []time.Duration
	for _, sq := range sqs {
		q, err := s.store.Question(ctx, sq.QuestionID)
		if err != nil {
			return r, err
		}
		it := ReportItem{QuestionID: q.ID, Position: sq.Position, Outcome: sq.Outcome, Excerpt: clip(oneLineText(q.Text), 60)}
		switch {
		case !sq.TakenAt.IsZero():
			it.Wait = sq.TakenAt.Sub(q.CreatedAt)
			waits = append(waits, it.Wait)
		case !sq.DoneAt.IsZero():
			it.Wait = sq.DoneAt.Sub(q.CreatedAt)
		}
		if sq.TakenBy != "" && !slices.Contains(r.Clinicians, sq.TakenBy) {
			r.Clinicians = append(r.Clinicians, sq.TakenBy)
		}
		switch sq.Outcome {
		case OutcomeAnswered:
			r.Answered++
		case OutcomeMoved:
			r.Moved++
		case OutcomeRolledOver:
			r.RolledOver++
		case OutcomeWithdrawn:
			r.Withdrawn++
		}
		r.Items = append(r.Items, it)
	}
	if len(waits) > 0 {
		slices.Sort(waits)
		r.MedianWait, r.LongestWait = waits[len(waits)/2], waits[len(waits)-1]
	}
	if r.Outcomes, err = s.stats(ctx, cond.GuildID, cond, StatsPeriods[0]); err != nil {
		return r, fmt.Errorf("session report: the condition's outcomes: %w", err)
	}
	return r, nil
}

func oneLineText(s string) string {
	out := make([]rune, 0, len(s))
	space := false
	for _, r := range s {
		if r == '\n' || r == '\r' || r == '\t' || r == ' ' {
			space = true
			continue
		}
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		out = append(out, r)
	}
	return string(out)
}
