package bot

import (
	"context"
	"time"
)

// OriginSession marks the summary of an office-hours session's threads.
const OriginSession = "session"

// SummarizeSession drafts a summary of what was written in a condition's
// office-hours channel and its threads between from and to, and posts it
// for review like any other draft. Office hours call it when a session
// ends, so the session report can link to it (SummaryResult.ReviewURL).
// It returns ENOTFOUND when nobody who may be summarised wrote anything.
func (s *Service) SummarizeSession(ctx context.Context, cond Condition, from, to time.Time) (SummaryResult, error) {
	settings, err := s.store.GuildSettings(ctx, cond.GuildID)
	if err != nil {
		return SummaryResult{}, err
	}
	if settings.ReviewChannelID == "" {
		return SummaryResult{}, Errorf(ESETUP, "no review channel")
	}
	return s.summarize(ctx, summarySpec{
		cond: cond, settings: settings, channelID: cond.OfficeChannelID,
		from: from, to: to, last: MaxSummaryMessages, origin: OriginSession,
	})
}
