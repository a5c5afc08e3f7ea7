package bot

import "context"

// Job kinds of summaries.
const (
	jobRetention       periodicJob       = "retention"        // erase text past RETENTION_DAYS; plans the next run
	jobSummaryPost     rowJob[SummaryID] = "summary_post"     // post the summary's parts not posted yet
	jobSummaryOutdated rowJob[SummaryID] = "summary_outdated" // say on the summary's review post that it is outdated
	jobDigest          digestJob         = "digest"           // the condition's daily digest
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
