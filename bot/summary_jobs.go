package bot

import "context"

// Job kinds of summaries.
const (
	jobRetention       = "retention"        // erase text past RETENTION_DAYS; plans the next run
	jobSummaryPost     = "summary_post"     // Ref: summary; post its parts not posted yet
	jobSummaryOutdated = "summary_outdated" // Ref: summary; say on its review post that it is outdated
	jobDigest          = "digest"           // Ref: condition, RefText: "HH:MM"; the daily digest
)

// StartSummaryJobs plans the periodic work of summaries: the retention
// purge and every condition's daily digest. Keys make it safe to call at
// every start.
func (s *Service) StartSummaryJobs(ctx context.Context) error {
	if err := s.enqueueRetention(ctx, s.now().UTC()); err != nil {
		return err
	}
	digests, err := s.store.Digests(ctx)
	if err != nil {
		return err
	}
	for _, d := range digests {
		if err := s.planDigest(ctx, s.store, d); err != nil {
			return err
		}
	}
	s.Wake()
	return nil
}

// summaryJob runs the jobs of summaries and reports whether j was one.
func (s *Service) summaryJob(ctx context.Context, j Job) (bool, error) {
	switch j.Kind {
	case jobRetention:
		return true, s.purgeExpired(ctx)
	case jobSummaryPost:
		return true, s.postSummary(ctx, j.Ref)
	case jobSummaryOutdated:
		return true, s.markPostOutdated(ctx, j.Ref)
	case jobDigest:
		return true, s.runDigest(ctx, j)
	}
	return s.erasureJob(ctx, j)
}
