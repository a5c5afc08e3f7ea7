package bot

import (
	"context"
	"time"
)

// jobKind is how one kind of job runs and fails.
type jobKind struct {
	name string
	// run does the job, given its reference read back by the kind's
	// runs method (job_refs.go).
	run   func(s *Service, ctx context.Context, j Job) error
	retry retryPolicy
}

// A retryPolicy says how a kind of job is retried when it fails.
type retryPolicy struct {
	// critical jobs never give up: a person in danger must get their reply
	// and a human must be paged, however long Discord is away. Others stop
	// after maxAttempts, or at once when retrying cannot help.
	critical    bool
	maxAttempts int
	maxBackoff  time.Duration
}

var (
	critical = retryPolicy{critical: true, maxBackoff: maxJobBackoff}
	ordinary = retryPolicy{maxAttempts: maxJobAttempts, maxBackoff: maxJobBackoff}
)

// jobKinds is every kind of job there is, in one table: what runs it and
// whether it may give up. The kinds' names and references are declared
// beside the code that enqueues them. It is a function, not a variable,
// because the jobs it names enqueue jobs themselves (an initialization
// cycle for a package variable); NewService reads it once.
func jobKinds() map[string]jobKind {
	return kindsByName(
		// Emergencies (jobs.go).
		jobCrisisReply.runs((*Service).sendCrisisReply, critical),
		jobAlert.runs((*Service).postAlert, critical),
		jobRealert.runs((*Service).realert, critical),
		// Questions and peer threads (jobs.go, peerthreads.go).
		jobReceipt.runs((*Service).sendReceipt, ordinary),
		jobReceiptEdit.runs((*Service).refreshReceipt, ordinary),
		jobNoSession.runs((*Service).sendNoSession, ordinary),
		jobPeerThread.runs((*Service).openPeerThread, ordinary),
		jobPeerFollowup.runs((*Service).peerFollowup, ordinary),
		jobPeerWelcome.runs((*Service).welcomePeerThread, ordinary),
		jobPeerNudge.runs((*Service).nudgePeerThread, ordinary),
		jobPeerQuiet.runs((*Service).checkPeerQuiet, ordinary),
		jobPeerClose.runs((*Service).closePeerThread, ordinary),
		jobBackstopLink.runs((*Service).linkBackstop, ordinary),
		jobHelpful.runs((*Service).askHelpful, ordinary),
		// Office hours (officehours_jobs.go).
		jobOHEvent.runs((*Service).createEvent, ordinary),
		jobOHOpen.runs(func(s *Service, ctx context.Context, id SessionID) error {
			_, err := s.openSession(ctx, id, "", false)
			return err
		}, ordinary),
		jobOHAccess.runs((*Service).syncAccess, ordinary),
		jobOHPost.runs((*Service).postQueue, ordinary),
		jobOHLate.runs((*Service).checkLate, ordinary),
		jobOHLateNotice.runs(func(s *Service, ctx context.Context, id SessionID) error { return s.sendLate(ctx, id, false) }, ordinary),
		jobOHLateAlert.runs(func(s *Service, ctx context.Context, id SessionID) error { return s.sendLate(ctx, id, true) }, ordinary),
		jobOHClose.runs(func(s *Service, ctx context.Context, id SessionID) error {
			_, err := s.closeSession(ctx, id, "")
			return err
		}, ordinary),
		jobOHRollover.runs((*Service).sendRollover, ordinary),
		jobOHReport.runs((*Service).sendReport, ordinary),
		jobOHCancelled.runs((*Service).sendCancelled, ordinary),
		jobOHEventState.runs((*Service).setEventState, ordinary),
		jobOHItem.runs((*Service).refreshItem, ordinary),
		jobOHThread.runs((*Service).openThread, ordinary),
		jobOHTaken.runs((*Service).sendTaken, ordinary),
		jobOHRemind.runs((*Service).remindClinician, ordinary),
		// Clinicians, mentors and reusable answers (trust.go and beside it).
		jobClinRemind.runs((*Service).remindVerification, ordinary),
		jobClinEnd.runs((*Service).endVerification, ordinary),
		jobMentorCard.runs((*Service).postApplication, ordinary),
		jobMentorWelcome.runs((*Service).welcomeMentor, ordinary),
		jobMentorTell.runs((*Service).tellApplicant, ordinary),
		jobFAQCard.runs((*Service).postFAQCard, ordinary),
		// Summaries, retention and erasure (summary_jobs.go, erasure.go).
		jobRetention.runs((*Service).purgeExpired, ordinary),
		jobSummaryPost.runs((*Service).postSummary, ordinary),
		jobSummaryOutdated.runs((*Service).markPostOutdated, ordinary),
		jobDigest.runs((*Service).runDigest, ordinary),
		jobSummaryRewrite.runs((*Service).rewriteSummaryPosts, ordinary),
		jobCompact.runs((*Service).runCompact, ordinary),
	)
}

// kindsByName indexes the table; a kind named twice is a programming
// error, caught by the tests.
func kindsByName(kinds ...jobKind) map[string]jobKind {
	m := make(map[string]jobKind, len(kinds))
	for _, k := range kinds {
		if _, dup := m[k.name]; dup {
			panic("job kind " + k.name + " is in the table twice")
		}
		m[k.name] = k
	}
	return m
}
