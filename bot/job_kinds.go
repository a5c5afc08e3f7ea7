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

// A retryPolicy says how a kind of job is retried when it fails. After
// its nth failed attempt a job waits 2ⁿ seconds, at most maxBackoff; it
// stops after maxAttempts attempts (0: never), or at once when its error
// says retrying cannot help (ENOTFOUND: the channel or post is gone;
// EINVALID: the work no longer makes sense) — unless it is critical.
//
// Attempts stand for time only while peerhours runs: a job that fell due
// while it was down runs at once when it is back, whatever it missed. So
// the jobs whose work expires (a reminder, a late notice) also check, when
// they run, whether it still makes sense.
type retryPolicy struct {
	// critical jobs never give up, whatever the error: a person in danger
	// must get their reply and a human must be paged, however long
	// Discord is away.
	critical    bool
	maxAttempts int
	maxBackoff  time.Duration
}

// backoff is how long a job waits after its attempts-th failed attempt.
func (p retryPolicy) backoff(attempts int) time.Duration {
	return min(time.Second<<min(attempts, 20), p.maxBackoff)
}

// givesUp reports whether a job stops after its attempts-th attempt
// failed with this code.
func (p retryPolicy) givesUp(attempts int, code string) bool {
	if p.critical {
		return false
	}
	return p.maxAttempts > 0 && attempts >= p.maxAttempts || code == ENOTFOUND || code == EINVALID
}

// span is how long after its first attempt a job makes its last: the
// waits between its attempts, added up. Zero when it never gives up.
func (p retryPolicy) span() time.Duration {
	var d time.Duration
	for n := 1; n < p.maxAttempts; n++ {
		d += p.backoff(n)
	}
	return d
}

// retryFor is the policy whose attempts span at most d, waiting at most
// maxBackoff between two.
func retryFor(d, maxBackoff time.Duration) retryPolicy {
	p := retryPolicy{maxAttempts: 1, maxBackoff: maxBackoff}
	for p.span()+p.backoff(p.maxAttempts) <= d {
		p.maxAttempts++
	}
	return p
}

// The policies the table chooses from.
var (
	// emergency never gives up, and waits at most a minute between two
	// tries, so the reply follows soon after Discord comes back.
	emergency = retryPolicy{critical: true, maxBackoff: time.Minute}
	// untilDone never gives up either, but stops when the work is gone or
	// makes no sense any more: for work that must happen however late.
	untilDone = retryPolicy{maxBackoff: 5 * time.Minute}
	// forADay is for posts that people read when they come: still worth
	// making hours late.
	forADay = retryFor(24*time.Hour, 5*time.Minute)
	// forAnHour is for work that belongs to what is happening now: a
	// thread being opened, a session under way.
	forAnHour = retryFor(time.Hour, 5*time.Minute)
	// forHalfAnHour is for news that is stale soon after it is due.
	forHalfAnHour = retryFor(30*time.Minute, 5*time.Minute)
	// forAFewMinutes is for periodic work whose next run, within the
	// hour, does the same again.
	forAFewMinutes = retryFor(10*time.Minute, time.Minute)
)

// jobKinds is every kind of job there is, in one table: what runs it and
// how it is retried, and why. The kinds' names and references are
// declared beside the code that enqueues them. It is a function, not a
// variable, because the jobs it names enqueue jobs themselves (an
// initialization cycle for a package variable); NewService reads it once.
func jobKinds() map[string]jobKind {
	return kindsByName(
		// Emergencies (jobs.go): a person in danger, a human to page.
		jobCrisisReply.runs((*Service).sendCrisisReply, emergency),
		jobAlert.runs((*Service).postAlert, emergency),
		jobRealert.runs((*Service).realert, emergency),

		// Questions and peer threads (jobs.go, peerthreads.go).
		// The asker learns their question is queued, and a receipt shows
		// its state (a Withdraw button on an answered question is wrong
		// until the edit lands): both still true and useful hours late.
		jobReceipt.runs((*Service).sendReceipt, forADay),
		jobReceiptEdit.runs((*Service).refreshReceipt, forADay),
		// Keyed by day: a question the next day tells the moderators again.
		jobNoSession.runs((*Service).sendNoSession, forAnHour),
		// A conversation in progress: a thread, a welcome or a nudge much
		// later interrupts more than it helps (the follow-up offers the
		// queue anyway).
		jobPeerThread.runs((*Service).openPeerThread, forAnHour),
		jobPeerFollowup.runs((*Service).peerFollowup, forAnHour),
		jobPeerWelcome.runs((*Service).welcomePeerThread, forAnHour),
		jobPeerNudge.runs((*Service).nudgePeerThread, forAnHour),
		// Discord archives a quiet thread by itself in the end.
		jobPeerQuiet.runs((*Service).checkPeerQuiet, forAnHour),
		// The asker left or was erased: the thread must say so and close.
		jobPeerClose.runs((*Service).closePeerThread, forADay),
		// It retries until the bot has decided the message, which takes
		// seconds; an hour means the message will not be decided.
		jobBackstopLink.runs((*Service).linkBackstop, forAnHour),
		// Asked right after the answer; a day later it is noise.
		jobHelpful.runs((*Service).askHelpful, forAnHour),

		// Office hours (officehours_jobs.go).
		// Sessions are planned days ahead: the event is worth making
		// until the session starts.
		jobOHEvent.runs((*Service).createEvent, forADay),
		// Past the session's end opening is moot: oh_close closes it,
		// opened or not.
		jobOHOpen.runs(func(s *Service, ctx context.Context, id SessionID) error {
			_, err := s.openSession(ctx, id, "", false)
			return err
		}, forAnHour),
		// It makes the channel match the sessions as they are when it
		// runs, so a late run is never wrong, and a channel left open or
		// shut is.
		jobOHAccess.runs((*Service).syncAccess, forADay),
		// The opening post is for the session's hour (it does nothing once
		// the session closed).
		jobOHPost.runs((*Service).postQueue, forAnHour),
		jobOHLate.runs((*Service).checkLate, forAnHour),
		// "Running late" is news in a session's first minutes (the notice
		// also does nothing once the session closed).
		jobOHLateNotice.runs(func(s *Service, ctx context.Context, id SessionID) error { return s.sendLate(ctx, id, false) }, forHalfAnHour),
		jobOHLateAlert.runs(func(s *Service, ctx context.Context, id SessionID) error { return s.sendLate(ctx, id, true) }, forHalfAnHour),
		// Closing rolls the queue over and plans what follows: it must
		// happen however late.
		jobOHClose.runs(func(s *Service, ctx context.Context, id SessionID) error {
			_, err := s.closeSession(ctx, id, "")
			return err
		}, untilDone),
		// Askers and reviewers read these when they come.
		jobOHRollover.runs((*Service).sendRollover, forADay),
		jobOHReport.runs((*Service).sendReport, forADay),
		jobOHCancelled.runs((*Service).sendCancelled, forADay),
		// A status change much later could undo the next one.
		jobOHEventState.runs((*Service).setEventState, forAnHour),
		// A queue item shows its question's state until the edit lands.
		jobOHItem.runs((*Service).refreshItem, forADay),
		// During the session: the clinician and the asker are waiting.
		jobOHThread.runs((*Service).openThread, forAnHour),
		jobOHTaken.runs((*Service).sendTaken, forAnHour),
		// It does nothing once the session started.
		jobOHRemind.runs((*Service).remindClinician, forAnHour),

		// Clinicians, mentors and reusable answers (trust.go and beside it).
		// A reminder days ahead is as useful hours late.
		jobClinRemind.runs((*Service).remindVerification, forADay),
		// A clinician's role must not outlive their verification.
		jobClinEnd.runs((*Service).endVerification, untilDone),
		// Cards and notes that people read when they come.
		jobMentorCard.runs((*Service).postApplication, forADay),
		jobMentorWelcome.runs((*Service).welcomeMentor, forADay),
		jobMentorTell.runs((*Service).tellApplicant, forADay),
		jobFAQCard.runs((*Service).postFAQCard, forADay),

		// Summaries, retention and erasure (summary_jobs.go, erasure.go).
		// Hourly, and it plans the next run first: the next purges the
		// same text and more.
		jobRetention.runs((*Service).purgeExpired, forAFewMinutes),
		// For reviewers, who read them when they come.
		jobSummaryPost.runs((*Service).postSummary, forADay),
		jobSummaryOutdated.runs((*Service).markPostOutdated, forADay),
		// It covers the day before it runs, so an hour late it is still
		// the day's digest; it plans the next day's first.
		jobDigest.runs((*Service).runDigest, forAnHour),
		// An erasure must reach the posts that quoted the member.
		jobSummaryRewrite.runs((*Service).rewriteSummaryPosts, untilDone),
		// The next retention run, within the hour, checkpoints again.
		jobCompact.runs((*Service).runCompact, forAFewMinutes),
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
