package bot

import (
	"context"
	"errors"
	"time"
)

// The office-hours scheduler is the job runner (jobs.go) reading the jobs
// table: every action is a job stored before it is done, due at its time,
// with a key that makes storing it twice a no-op. Deciding jobs change the
// database in one transaction and store the jobs that carry the decision
// out; carrying-out jobs do one thing on Discord each and first look at the
// database to see whether it is still needed. So a restart resumes exactly
// where the last run stopped: a session whose start passed while peerhours
// was down opens late if it has not ended yet; one that has ended is closed
// and its queue rolled over, once; nothing already posted is posted again.
//
// Job keys (Ref is the session unless said otherwise):
//
//	oh_event:S               create S's scheduled event (at materialization)
//	oh_open:S                open S (due at its start)
//	oh_access:S:open|close   make the channel match whether a session is open
//	oh_post:S                post the opening notice and the queue
//	oh_late:S                ten minutes without a clinician? (due 10 min in)
//	oh_late_notice:S         the running-late notice in the channel
//	oh_late_alert:S          the alert to moderators
//	oh_close:S               close S (due at its end); materialize what follows
//	oh_rollover:S            tell the askers still waiting where they go
//	oh_report:S              the session report in the review channel
//	oh_event_state:S:N       move S's event to status N
//	oh_item:S:Q:outcome      post or refresh question Q's item   (Ref: question)
//	oh_thread:S:Q            open Q's thread                      (Ref: question)
//	oh_taken:S:Q             ping Q's asker in the thread         (Ref: question)
//	oh_cancelled:S           tell askers a cancelled session's news
const (
	jobOHEvent      rowJob[SessionID]                    = "oh_event"
	jobOHOpen       rowJob[SessionID]                    = "oh_open"
	jobOHAccess     rowJob[SessionID]                    = "oh_access"
	jobOHPost       rowJob[SessionID]                    = "oh_post"
	jobOHLate       rowJob[SessionID]                    = "oh_late"
	jobOHLateNotice rowJob[SessionID]                    = "oh_late_notice"
	jobOHLateAlert  rowJob[SessionID]                    = "oh_late_alert"
	jobOHClose      rowJob[SessionID]                    = "oh_close"
	jobOHRollover   rowJob[SessionID]                    = "oh_rollover"
	jobOHReport     rowJob[SessionID]                    = "oh_report"
	jobOHEventState rowNumberJob[SessionID, EventStatus] = "oh_event_state"
	jobOHItem       sessionQuestionJob                   = "oh_item"
	jobOHThread     sessionQuestionJob                   = "oh_thread"
	jobOHTaken      sessionQuestionJob                   = "oh_taken"
	jobOHCancelled  rowJob[SessionID]                    = "oh_cancelled"
)

const (
	lateAfter        = 10 * time.Minute
	materializeAhead = 30 * 24 * time.Hour // scheduled events are created this far ahead
	maxMaterialize   = 10                  // sessions materialized per schedule at once
	eventsAhead      = 50                  // a server's nearest sessions that have a Discord event
	maxPosted        = 25                  // queue items posted at the open; /queue next brings the rest
)

// commit runs fn in a transaction, stores the jobs it returns with it, and
// then runs those already due, in order. fn returning ErrDuplicate means
// there was nothing to do.
func (s *Service) commit(ctx context.Context, fn func(tx Store) ([]Job, error)) error {
	_, err := s.commitAndRun(ctx, fn)
	return err
}

// commitAndRun is commit, returning the outcome of each job it ran (see
// runNow).
func (s *Service) commitAndRun(ctx context.Context, fn func(tx Store) ([]Job, error)) (map[string]error, error) {
	var jobs []Job
	err := s.store.Atomically(ctx, func(tx Store) error {
		var err error
		if jobs, err = fn(tx); err != nil {
			return err
		}
		return enqueue(ctx, tx, jobs...)
	})
	if errors.Is(err, ErrDuplicate) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	var keys []string
	later := false
	for _, j := range jobs {
		if j.DueAt.After(now) {
			later = true
		} else {
			keys = append(keys, j.Key)
		}
	}
	ran := s.runNow(ctx, keys...)
	if later {
		s.Wake()
	}
	return ran, nil
}

func errOr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
