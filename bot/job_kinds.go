package bot

import (
	"context"
	"strconv"
)

// jobKind is how one kind of job runs and fails.
type jobKind struct {
	// run does the job. Its reference (Job.Ref, Job.RefText) means what the
	// adapter wrapping it says: byRef, byText, byQuestion, byRefAnd.
	run func(s *Service, ctx context.Context, j Job) error
	// critical jobs never give up: a person in danger must get their reply
	// and a human must be paged, however long Discord is away. Others stop
	// after maxJobAttempts, or at once when retrying cannot help.
	critical bool
}

// jobKinds is every kind of job there is, in one table: what runs it and
// whether it may give up. The kinds' names and references are declared
// beside the code that enqueues them. It is a function, not a variable,
// because the jobs it names enqueue jobs themselves (an initialization
// cycle for a package variable); NewService reads it once.
func jobKinds() map[string]jobKind {
	return map[string]jobKind{
		// Emergencies (jobs.go).
		jobCrisisReply: {critical: true, run: func(s *Service, ctx context.Context, j Job) error { return s.sendCrisisReply(ctx, j.Ref, j.RefText) }},
		jobAlert:       {critical: true, run: byRef((*Service).postAlert)},
		jobRealert:     {critical: true, run: byRef((*Service).realert)},
		// Questions and peer threads (jobs.go, peerthreads.go).
		jobReceipt:      {run: byRef((*Service).sendReceipt)},
		jobReceiptEdit:  {run: byRef((*Service).refreshReceipt)},
		jobNoSession:    {run: byRef((*Service).sendNoSession)},
		jobPeerThread:   {run: byText((*Service).openPeerThread)},
		jobPeerFollowup: {run: byText((*Service).peerFollowup)},
		jobPeerWelcome:  {run: byText((*Service).welcomePeerThread)},
		jobPeerNudge:    {run: byText((*Service).nudgePeerThread)},
		jobPeerQuiet:    {run: byText((*Service).checkPeerQuiet)},
		jobPeerClose:    {run: byText((*Service).closePeerThread)},
		jobBackstopLink: {run: byText((*Service).linkBackstop)},
		jobHelpful:      {run: byRef((*Service).askHelpful)},
		// Office hours (officehours_jobs.go).
		jobOHEvent: {run: byRef((*Service).createEvent)},
		jobOHOpen: {run: func(s *Service, ctx context.Context, j Job) error {
			_, err := s.openSession(ctx, j.Ref, "", false)
			return err
		}},
		jobOHAccess:     {run: byRef((*Service).syncAccess)},
		jobOHPost:       {run: byRef((*Service).postQueue)},
		jobOHLate:       {run: byRef((*Service).checkLate)},
		jobOHLateNotice: {run: func(s *Service, ctx context.Context, j Job) error { return s.sendLate(ctx, j.Ref, false) }},
		jobOHLateAlert:  {run: func(s *Service, ctx context.Context, j Job) error { return s.sendLate(ctx, j.Ref, true) }},
		jobOHClose: {run: func(s *Service, ctx context.Context, j Job) error {
			_, err := s.closeSession(ctx, j.Ref, "")
			return err
		}},
		jobOHRollover:  {run: byRef((*Service).sendRollover)},
		jobOHReport:    {run: byRef((*Service).sendReport)},
		jobOHCancelled: {run: byRef((*Service).sendCancelled)},
		jobOHEventState: {run: byRefAnd("event status", func(s *Service, ctx context.Context, sessionID int64, st int) error {
			return s.setEventState(ctx, sessionID, EventStatus(st))
		})},
		jobOHItem:   {run: byQuestion((*Service).refreshItem)},
		jobOHThread: {run: byQuestion((*Service).openThread)},
		jobOHTaken:  {run: byQuestion((*Service).sendTaken)},
		jobOHRemind: {run: byRefAnd("minutes", (*Service).remindClinician)},
		// Clinicians, mentors and reusable answers (trust.go and beside it).
		jobClinRemind:    {run: byRefAnd("days", (*Service).remindVerification)},
		jobClinEnd:       {run: byRef((*Service).endVerification)},
		jobMentorCard:    {run: byRef((*Service).postApplication)},
		jobMentorWelcome: {run: byRef((*Service).welcomeMentor)},
		jobMentorTell:    {run: byRef((*Service).tellApplicant)},
		jobFAQCard:       {run: byRef((*Service).postFAQCard)},
		// Summaries, retention and erasure (summary_jobs.go, erasure.go).
		jobRetention:       {run: func(s *Service, ctx context.Context, _ Job) error { return s.purgeExpired(ctx) }},
		jobSummaryPost:     {run: byRef((*Service).postSummary)},
		jobSummaryOutdated: {run: byRef((*Service).markPostOutdated)},
		jobDigest:          {run: (*Service).runDigest},
		jobSummaryRewrite:  {run: byRef((*Service).rewriteSummaryPosts)},
		jobCompact:         {run: func(s *Service, ctx context.Context, _ Job) error { return s.runCompact(ctx) }},
	}
}

// byRef runs a job whose Ref is the row it acts on.
func byRef(f func(*Service, context.Context, int64) error) func(*Service, context.Context, Job) error {
	return func(s *Service, ctx context.Context, j Job) error { return f(s, ctx, j.Ref) }
}

// byText runs a job whose RefText is the Discord message it acts on.
func byText(f func(*Service, context.Context, string) error) func(*Service, context.Context, Job) error {
	return func(s *Service, ctx context.Context, j Job) error { return f(s, ctx, j.RefText) }
}

// byQuestion runs a job on a question in a session: Ref is the question,
// RefText the session (questionJob).
func byQuestion(f func(s *Service, ctx context.Context, sessionID, questionID int64) error) func(*Service, context.Context, Job) error {
	return func(s *Service, ctx context.Context, j Job) error {
		sid, err := strconv.ParseInt(j.RefText, 10, 64)
		if err != nil {
			return Errorf(EINVALID, "%s job %d without its session", j.Kind, j.ID)
		}
		return f(s, ctx, sid, j.Ref)
	}
}

// byRefAnd runs a job whose Ref is the row and RefText a number (what it
// is: days, minutes, a status).
func byRefAnd(what string, f func(*Service, context.Context, int64, int) error) func(*Service, context.Context, Job) error {
	return func(s *Service, ctx context.Context, j Job) error {
		n, err := strconv.Atoi(j.RefText)
		if err != nil {
			return Errorf(EINVALID, "%s job %d without its %s", j.Kind, j.ID, what)
		}
		return f(s, ctx, j.Ref, n)
	}
}
