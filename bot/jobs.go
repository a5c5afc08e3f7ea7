package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// A Job is one thing the bot must do, stored before it is done: posting a
// crisis reply, an alert, a re-alert, a queue receipt, a peer thread. A
// decision and its jobs are stored in one transaction; the jobs then run at
// once, and whatever a crash or an outage interrupted runs again from the
// database at the next start. Keys make enqueueing idempotent: a redelivered
// message cannot enqueue its jobs twice.
type Job struct {
	ID   JobID
	Kind string
	Key  string
	// Ref and RefText are what the job acts on, as stored: only its
	// kind's job method writes them and its runs method reads them
	// (job_refs.go).
	Ref      int64
	RefText  string
	DueAt    time.Time
	Attempts int
}

// Job kinds (job_refs.go says what their types mean).
const (
	jobCrisisReply  crisisReplyJob      = "crisis_reply"  // the alert's
	jobAlert        rowJob[AlertID]     = "alert"         // post it, or refresh it
	jobRealert      rowJob[AlertID]     = "realert"       // ping moderators if unacknowledged
	jobReceipt      rowJob[QuestionID]  = "receipt"       // the question's
	jobReceiptEdit  rowJob[QuestionID]  = "receipt_edit"  // show the question's state on its posted receipt
	jobNoSession    rowJob[ConditionID] = "no_session"    // tell moderators questions wait in the condition
	jobPeerThread   messageJob          = "peer_thread"   // open a thread on the message
	jobPeerFollowup messageJob          = "peer_followup" // offer the queue if unanswered
	jobPeerWelcome  messageJob          = "peer_welcome"  // the thread's first post, pinging mentors in rotation
	jobPeerNudge    messageJob          = "peer_nudge"    // ping mentors again if still quiet (peerthreads.go)
	jobPeerQuiet    messageJob          = "peer_quiet"    // archive the thread if quiet long enough
	jobPeerClose    messageJob          = "peer_close"    // say why the thread closed, and archive it
)

const jobClaim = 2 * time.Minute // a claimed job is retried if its runner died

// ErrDuplicate is returned inside Atomically when the work was already done,
// to roll the transaction back without an error reaching anyone.
var ErrDuplicate = errors.New("already handled")

// ErrEventLimit is what CreateEvent returns when the server holds as many
// scheduled events as Discord allows (100, less room left for the
// server's own): the session's event is made later, when one ends.
var ErrEventLimit = errors.New("the server holds as many scheduled events as Discord allows")

// runNow claims and runs the jobs with these keys now, in order. A job that
// fails is left for the runner to retry. It returns the outcome of each job
// it ran (nil for success); a key it did not run (claimed by the runner, or
// already done) is absent.
func (s *Service) runNow(ctx context.Context, keys ...string) map[string]error {
	ran := map[string]error{}
	for _, key := range keys {
		job, ok, err := s.store.ClaimJob(ctx, key, s.now(), s.now().Add(jobClaim))
		if err != nil {
			s.log.Error("claim job", "kind", keyKind(key), "error", err)
			continue
		}
		if ok {
			ran[key] = s.runJob(ctx, job)
		}
	}
	return ran
}

// ReleaseStaleClaims makes this process the job runner and forgets the
// claims of the runs before it (one that crashed, or a leader that lost
// its lock), so their interrupted jobs run now rather than when their
// claims expire; those runs can claim nothing more (storage fences claims
// by epoch). One process runs the jobs at a time (on PostgreSQL, the
// leader); call it when this one starts to, before it claims a job.
func (s *Service) ReleaseStaleClaims(ctx context.Context) error {
	return s.store.ReleaseClaims(ctx)
}

// WithJobRunner says that RunJobs runs beside the handlers (as it does in
// the program), so triage can leave receipts and peer threads to it.
func WithJobRunner() Option { return func(s *Service) { s.jobRunner = true } }

// runSoon leaves the jobs to the runner, woken now, when there is one. A
// message handler then does not wait on Discord's rate limit for a receipt
// or a peer thread: under a burst that wait, not the database, bounded how
// fast messages were triaged (~300 a second, the 40/s limit over the 10% of
// messages that need a post). Crisis replies and alerts still run inline
// (runNow). Without a runner (domain tests) the jobs run inline too.
func (s *Service) runSoon(ctx context.Context, keys ...string) {
	if !s.jobRunner {
		s.runNow(ctx, keys...)
		return
	}
	if len(keys) > 0 {
		s.Wake()
	}
}

// RunDueJobs runs every job that is due now and returns how many ran.
// Tests call it after moving the clock; RunJobs calls it in a loop.
func (s *Service) RunDueJobs(ctx context.Context) (int, error) {
	jobs, err := s.store.ClaimDueJobs(ctx, s.now(), s.now().Add(jobClaim), 100)
	if err != nil {
		return 0, err
	}
	for _, j := range jobs {
		s.runJob(ctx, j)
	}
	return len(jobs), nil
}

// RunJobs runs due jobs until ctx ends, waking for the next due job, for
// Wake, or at least every minute. Beside them it runs the workers that ask
// the LLM's second opinions (opinions.go) and the alert lane
// (alert_lane.go).
func (s *Service) RunJobs(ctx context.Context) {
	opinionsDone, alertsDone := make(chan struct{}), make(chan struct{})
	go func() { defer close(opinionsDone); s.runOpinions(ctx) }()
	go func() { defer close(alertsDone); s.runAlerts(ctx) }()
	defer func() { <-opinionsDone; <-alertsDone }()
	failing := false // an outage of the database is logged once, not at every try
	for {
		s.talk.expire(s.now())
		held := s.storeHeldEmergencies(ctx)
		if _, err := s.RunDueJobs(ctx); err != nil && ctx.Err() == nil {
			if !failing {
				s.log.Error("run due jobs", "error", err)
			}
			failing = true
		} else if err == nil && failing {
			s.log.Info("jobs run again")
			failing = false
		}
		wait := time.Minute
		if held {
			wait = emergencyRetry
		}
		if next, ok, err := s.store.NextJobDue(ctx); err == nil && ok {
			wait = min(wait, max(next.Sub(s.now()), 10*time.Millisecond))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

// Wake makes RunJobs look for due jobs now.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// runJob runs j and records its outcome: done, abandoned, or due again
// after a backoff. It returns the job's own error.
func (s *Service) runJob(ctx context.Context, j Job) error {
	start := time.Now()
	err := s.doJob(withJobKey(ctx, j.Key), j)
	if err == nil {
		if ferr := s.store.FinishJob(ctx, j.ID, s.now()); ferr != nil {
			s.log.Error("finish job", "kind", j.Kind, "job", j.ID, "error", ferr)
		}
		s.metrics.JobDone(j.Kind, time.Since(start))
		return nil
	}
	attempts := j.Attempts + 1
	code := ErrorCode(err)
	if attempts == 1 || attempts%10 == 0 {
		s.log.Error("job failed", "kind", j.Kind, "job", j.ID, "attempts", attempts, "code", code, "error", errText(err))
	}
	s.metrics.JobFailed(j.Kind)
	p := s.jobKinds[j.Kind].retry
	if p.givesUp(attempts, code) {
		// Its kind's policy says retrying will not help, or no longer
		// matters. Stop, and say so once.
		s.log.Warn("job abandoned", "kind", j.Kind, "job", j.ID, "attempts", attempts, "code", code)
		if ferr := s.store.FinishJob(ctx, j.ID, s.now()); ferr != nil {
			s.log.Error("finish job", "kind", j.Kind, "job", j.ID, "error", ferr)
		}
		return err
	}
	if rerr := s.store.RetryJob(ctx, j.ID, s.now().Add(p.backoff(attempts)), attempts, code); rerr != nil {
		s.log.Error("reschedule job", "kind", j.Kind, "job", j.ID, "error", rerr)
	}
	return err
}

func (s *Service) doJob(ctx context.Context, j Job) error {
	kind, ok := s.jobKinds[j.Kind]
	if !ok {
		return Errorf(EINVALID, "unknown job kind %q", j.Kind)
	}
	return kind.run(s, ctx, j)
}

func keyKind(key string) string {
	for i := range len(key) {
		if key[i] == ':' {
			return key[:i]
		}
	}
	return key
}

func jobKey(kind string, parts ...any) string {
	k := kind
	for _, p := range parts {
		k += ":" + fmt.Sprint(p)
	}
	return k
}

// errText is an error's text for logs. Errors in this program carry IDs and
// causes, never message text; *Error messages are written for people and
// are safe too.
func errText(err error) string { return err.Error() }
