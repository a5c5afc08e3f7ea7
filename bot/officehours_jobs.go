package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
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
	jobOHEvent       = "oh_event"
	jobOHOpen        = "oh_open"
	jobOHAccess      = "oh_access"
	jobOHPost        = "oh_post"
	jobOHLate        = "oh_late"
	jobOHLateNotice  = "oh_late_notice"
	jobOHLateAlert   = "oh_late_alert"
	jobOHClose       = "oh_close"
	jobOHRollover    = "oh_rollover"
	jobOHReport      = "oh_report"
	jobOHEventState  = "oh_event_state"
	jobOHItem        = "oh_item"
	jobOHThread      = "oh_thread"
	jobOHTaken       = "oh_taken"
	jobOHCancelled   = "oh_cancelled"
	lateAfter        = 10 * time.Minute
	materializeAhead = 30 * 24 * time.Hour // scheduled events are created this far ahead
	maxMaterialize   = 10                  // sessions materialized per schedule at once
	eventsAhead      = 50                  // a server's nearest sessions that have a Discord event
	maxPosted        = 25                  // queue items posted at the open; /queue next brings the rest
)

func sessionJob(kind string, sessionID int64, due time.Time, parts ...any) Job {
	return Job{Kind: kind, Key: jobKey(kind, append([]any{sessionID}, parts...)...), Ref: sessionID, DueAt: due}
}

func eventStateJob(sessionID int64, st EventStatus, due time.Time) Job {
	return Job{Kind: jobOHEventState, Key: jobKey(jobOHEventState, sessionID, int(st)), Ref: sessionID,
		RefText: strconv.Itoa(int(st)), DueAt: due}
}

func questionJob(kind string, sessionID, questionID int64, due time.Time, parts ...any) Job {
	return Job{Kind: kind, Key: jobKey(kind, append([]any{sessionID, questionID}, parts...)...), Ref: questionID,
		RefText: strconv.FormatInt(sessionID, 10), DueAt: due}
}

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

// materialize stores a schedule's sessions from now until materializeAhead
// (at least the next one), with the jobs that create their events, open and
// close them. Occurrences that ended while peerhours was not running are
// skipped: their time is gone, and opening them would announce nothing
// anyone can use.
func (s *Service) materialize(ctx context.Context, tx Store, sch Schedule, cond Condition, now time.Time) ([]Job, error) {
	if sch.Cancelled() || cond.Archived {
		return nil, nil
	}
	sch = s.withRule(sch)
	existing, err := tx.ScheduleSessions(ctx, sch.ID)
	if err != nil {
		return nil, err
	}
	next, future := 0, false
	for _, e := range existing {
		next = max(next, e.Occurrence+1)
		if (e.Status == SessionScheduled || e.Status == SessionOpen) && e.EndsAt.After(now) {
			future = true
		}
	}
	n, _, ok := sch.Next(now.Add(-sch.Duration + time.Millisecond))
	if !ok {
		return nil, nil
	}
	next = max(next, n)
	var jobs []Job
	for range maxMaterialize {
		start, _, ok := sch.Occurrence(next)
		if !ok || (future && !start.Before(now.Add(materializeAhead))) {
			break
		}
		sess, fresh, err := tx.AddSession(ctx, OfficeSession{
			Session: Session{GuildID: sch.GuildID, ConditionID: sch.ConditionID, ScheduleID: sch.ID, StartsAt: start.UTC(),
				EndsAt: start.Add(sch.Duration).UTC(), Status: SessionScheduled, ClinicianID: sch.ClinicianID},
			Occurrence: next, Timezone: sch.Timezone,
		})
		if err != nil {
			return nil, err
		}
		if fresh {
			jobs = append(jobs, sessionJobs(sess, now)...)
		}
		future = true
		next++
	}
	return jobs, nil
}

func sessionJobs(sess OfficeSession, now time.Time) []Job {
	var jobs []Job
	if sess.StartsAt.After(now) {
		jobs = append(jobs, sessionJob(jobOHEvent, sess.ID, now))
	}
	jobs = append(jobs, reminderJobs(sess, now)...)
	return append(jobs, sessionJob(jobOHOpen, sess.ID, sess.StartsAt), sessionJob(jobOHClose, sess.ID, sess.EndsAt))
}

// createEvent creates the Discord scheduled event of a session still to
// come.
func (s *Service) createEvent(ctx context.Context, sessionID int64) error {
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil {
		return err
	}
	if sess.EventID != "" || sess.Status != SessionScheduled || !sess.StartsAt.After(s.now()) {
		return nil
	}
	cond, err := s.store.Condition(ctx, sess.ConditionID)
	if err != nil {
		return err
	}
	// Only the server's nearest sessions have events: Discord holds at
	// most 100 scheduled events a server, which a few daily schedules
	// materialized a month ahead would pass. The others get theirs when
	// an earlier session ends (eventBackfill).
	coming, err := s.store.GuildSessions(ctx, sess.GuildID, s.now(), eventsAhead, SessionScheduled, SessionOpen)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(coming, func(x OfficeSession) bool { return x.ID == sess.ID }) {
		return nil
	}
	id, err := s.discord.CreateEvent(ctx, sess.GuildID, eventSpec(cond, sess))
	if errors.Is(err, ErrEventLimit) {
		return nil // the server's own events fill Discord's cap: made when one ends
	}
	if err != nil {
		return err
	}
	return s.store.SetSessionEvent(ctx, sess.ID, id)
}

// eventBackfill asks for the events of the server's nearest sessions that
// have none (beyond eventsAhead, or refused at Discord's cap), after a
// session ended or was cancelled and so freed a place; cause makes the
// jobs' keys new.
func eventBackfill(ctx context.Context, tx Store, guildID string, now time.Time, cause int64) ([]Job, error) {
	coming, err := tx.GuildSessions(ctx, guildID, now, eventsAhead, SessionScheduled)
	if err != nil {
		return nil, err
	}
	var jobs []Job
	for _, x := range coming {
		if x.EventID == "" && x.StartsAt.After(now) {
			jobs = append(jobs, sessionJob(jobOHEvent, x.ID, now, "after", cause))
		}
	}
	return jobs, nil
}

func eventSpec(cond Condition, sess OfficeSession) EventSpec {
	d := "Clinician office hours for " + cond.Name + " in <#" + cond.OfficeChannelID + ">. " +
		"Send questions ahead with /ask; they are answered in order. General information, not medical advice. " +
		"In an emergency, call your local emergency number."
	if sess.ClinicianID != "" {
		d = "With <@" + sess.ClinicianID + ">. " + d
	}
	return EventSpec{
		Name:        cond.Name + " office hours",
		Description: d,
		Location:    "https://discord.com/channels/" + cond.GuildID + "/" + cond.OfficeChannelID,
		Start:       sess.StartsAt,
		End:         sess.EndsAt,
	}
}

func (s *Service) setEventState(ctx context.Context, sessionID int64, st EventStatus) error {
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil || sess.EventID == "" {
		return err
	}
	return s.discord.SetEventStatus(ctx, sess.GuildID, sess.EventID, st)
}

// openSession opens a session: the channel opens to members, the queue as
// it stands is the session's, and the posts and the running-late check are
// stored as jobs. by is "" for the scheduler. It reports false when the
// session was not waiting to open, or its time has passed.
func (s *Service) openSession(ctx context.Context, sessionID int64, by string, clinician bool) (bool, error) {
	now := s.now().UTC()
	opened := false
	err := s.commit(ctx, func(tx Store) ([]Job, error) {
		sess, err := tx.OfficeSession(ctx, sessionID)
		if err != nil {
			return nil, err
		}
		if sess.Status != SessionScheduled || !now.Before(sess.EndsAt) {
			return nil, ErrDuplicate // opened by hand, cancelled, or missed: its close rolls the queue over
		}
		cond, err := tx.Condition(ctx, sess.ConditionID)
		if err != nil {
			return nil, err
		}
		if cond.Archived {
			if _, err := tx.MoveSession(ctx, sess.ID, SessionScheduled, SessionCancelled, now, ""); err != nil {
				return nil, err
			}
			return []Job{eventStateJob(sess.ID, EventCancelled, now)}, nil
		}
		if ok, err := tx.MoveSession(ctx, sess.ID, SessionScheduled, SessionOpen, now, by); err != nil || !ok {
			return nil, errOr(err, ErrDuplicate)
		}
		if clinician {
			if err := tx.MarkSessionAction(ctx, sess.ID, now); err != nil {
				return nil, err
			}
		}
		queue, err := tx.Queue(ctx, cond.ID)
		if err != nil {
			return nil, err
		}
		pos := 0
		for _, q := range queue {
			if q.Status != QuestionQueued {
				continue
			}
			pos++
			if err := tx.AddSessionQuestion(ctx, SessionQuestion{SessionID: sess.ID, QuestionID: q.ID, Position: pos, Outcome: OutcomeWaiting}); err != nil {
				return nil, err
			}
		}
		opened = true
		return []Job{
			sessionJob(jobOHAccess, sess.ID, now, "open"),
			sessionJob(jobOHPost, sess.ID, now),
			eventStateJob(sess.ID, EventActive, now),
			sessionJob(jobOHLate, sess.ID, maxTime(sess.StartsAt, now).Add(lateAfter)),
		}, nil
	})
	if err != nil {
		return opened, fmt.Errorf("open session %d: %w", sessionID, err)
	}
	return opened, nil
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

// syncAccess makes the office-hours channel open to members exactly when
// one of the condition's sessions is open. It reads the state when it runs,
// so an open and a close carried out in either order end right.
func (s *Service) syncAccess(ctx context.Context, sessionID int64) error {
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil {
		return err
	}
	cond, err := s.store.Condition(ctx, sess.ConditionID)
	if err != nil {
		return err
	}
	open, err := s.store.ConditionSessions(ctx, cond.ID, time.Time{}, SessionOpen)
	if err != nil {
		return err
	}
	settings, err := s.store.GuildSettings(ctx, cond.GuildID)
	if err != nil {
		return err
	}
	return s.discord.SetAccess(ctx, cond.GuildID, cond.OfficeChannelID, officeAccess(cond, settings, len(open) > 0))
}

// postQueue posts the session's opening notice, mentioning the askers, and
// then its first questions, each with its buttons. What was posted is
// recorded post by post, so a retry posts only the rest.
func (s *Service) postQueue(ctx context.Context, sessionID int64) error {
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil {
		return err
	}
	if sess.Status != SessionOpen {
		return nil // closed before it could be announced
	}
	cond, err := s.store.Condition(ctx, sess.ConditionID)
	if err != nil {
		return err
	}
	sqs, err := s.store.SessionQuestions(ctx, sess.ID)
	if err != nil {
		return err
	}
	questions := make(map[int64]Question, len(sqs))
	for _, sq := range sqs {
		q, err := s.store.Question(ctx, sq.QuestionID)
		if err != nil {
			return err
		}
		questions[q.ID] = q
	}
	posted := min(len(sqs), maxPosted)
	if sess.QueueMessageID == "" {
		n := SessionOpened{ChannelID: cond.OfficeChannelID, SessionID: sess.ID, Condition: cond.Name,
			StartsAt: sess.StartsAt, EndsAt: sess.EndsAt, ClinicianID: sess.ClinicianID,
			ClinicianVerified: s.VerifiedAs(ctx, cond.GuildID, sess.ClinicianID),
			Waiting:           len(sqs), Posted: posted,
			Late: sess.OpenedBy == "" && sess.OpenedAt.Sub(sess.StartsAt) > 2*time.Minute}
		for _, sq := range sqs {
			q := questions[sq.QuestionID]
			if q.Anonymous {
				n.Anonymous++
			} else if !slices.Contains(n.Askers, q.UserID) {
				n.Askers = append(n.Askers, q.UserID)
			}
		}
		if items, err := s.store.OpenAgendaItems(ctx, cond.ID); err == nil {
			for _, a := range items {
				n.Agenda = append(n.Agenda, a.SummaryID)
			}
		}
		id, err := s.discord.Post(ctx, n)
		if err != nil {
			return err
		}
		if err := s.store.SetSessionPost(ctx, sess.ID, id); err != nil {
			return err
		}
	}
	for _, sq := range sqs[:posted] {
		if sq.MessageID != "" || sq.Outcome != OutcomeWaiting {
			continue
		}
		if _, err := s.postItem(ctx, cond, sess, sq, questions[sq.QuestionID]); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) postItem(ctx context.Context, cond Condition, sess OfficeSession, sq SessionQuestion, q Question) (string, error) {
	id, err := s.discord.Post(ctx, s.queueItem(ctx, cond, sess, sq, q))
	if err != nil {
		return "", err
	}
	return id, s.store.SetSessionQuestionMessage(ctx, sess.ID, q.ID, id)
}

func (s *Service) queueItem(ctx context.Context, cond Condition, sess OfficeSession, sq SessionQuestion, q Question) QueueItem {
	it := QueueItem{ChannelID: cond.OfficeChannelID, SessionID: sess.ID, QuestionID: q.ID, Position: sq.Position,
		Text: q.Text, UserID: q.UserID, Anonymous: q.Anonymous, AskedAt: q.CreatedAt, Outcome: sq.Outcome,
		TakenBy: sq.TakenBy, ThreadID: q.ThreadID}
	if q.Status == QuestionWithdrawn || q.Status == QuestionRemoved {
		it.Outcome = OutcomeWithdrawn
	}
	if erasedQuestion(q) {
		it.Erased, it.Text, it.UserID = true, "", ""
	}
	if it.Outcome == OutcomeMoved || it.Outcome == OutcomeRolledOver {
		if next, ok := s.sessionAfter(ctx, sess); ok {
			it.NextAt = next.StartsAt
		}
	}
	return it
}

// sessionAfter returns the condition's first scheduled session after sess.
func (s *Service) sessionAfter(ctx context.Context, sess OfficeSession) (OfficeSession, bool) {
	later, err := s.store.ConditionSessions(ctx, sess.ConditionID, sess.StartsAt, SessionScheduled)
	if err != nil {
		return OfficeSession{}, false
	}
	for _, x := range later {
		if x.ID != sess.ID && !x.StartsAt.Before(sess.StartsAt) {
			return x, true
		}
	}
	return OfficeSession{}, false
}

// refreshItem posts a question's item if it has none yet, or edits it to
// show the question's outcome as it is now.
func (s *Service) refreshItem(ctx context.Context, sessionID, questionID int64) error {
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil {
		return err
	}
	cond, err := s.store.Condition(ctx, sess.ConditionID)
	if err != nil {
		return err
	}
	sq, err := s.store.SessionQuestion(ctx, sessionID, questionID)
	if err != nil {
		return err
	}
	q, err := s.store.Question(ctx, questionID)
	if err != nil {
		return err
	}
	if sq.MessageID == "" {
		if sess.Status != SessionOpen {
			return nil
		}
		_, err := s.postItem(ctx, cond, sess, sq, q)
		return err
	}
	return s.discord.Edit(ctx, cond.OfficeChannelID, sq.MessageID, s.queueItem(ctx, cond, sess, sq, q))
}

// checkLate decides, ten minutes in, whether the session is running late:
// open, and no clinician has acted.
func (s *Service) checkLate(ctx context.Context, sessionID int64) error {
	now := s.now().UTC()
	return s.commit(ctx, func(tx Store) ([]Job, error) {
		sess, err := tx.OfficeSession(ctx, sessionID)
		if err != nil {
			return nil, err
		}
		if sess.Status != SessionOpen || !sess.FirstActionAt.IsZero() {
			return nil, ErrDuplicate
		}
		if ok, err := tx.MarkSessionLate(ctx, sess.ID, now); err != nil || !ok {
			return nil, errOr(err, ErrDuplicate)
		}
		return []Job{sessionJob(jobOHLateNotice, sess.ID, now), sessionJob(jobOHLateAlert, sess.ID, now)}, nil
	})
}

func (s *Service) sendLate(ctx context.Context, sessionID int64, alert bool) error {
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil {
		return err
	}
	if sess.Status != SessionOpen || !sess.FirstActionAt.IsZero() && !alert {
		return nil // a clinician arrived meanwhile; moderators are still told it was late
	}
	cond, err := s.store.Condition(ctx, sess.ConditionID)
	if err != nil {
		return err
	}
	if !alert {
		_, err = s.discord.Post(ctx, RunningLate{ChannelID: cond.OfficeChannelID, Condition: cond.Name,
			StartsAt: sess.StartsAt, ClinicianID: sess.ClinicianID})
		return err
	}
	settings, err := s.store.GuildSettings(ctx, cond.GuildID)
	if err != nil {
		return err
	}
	if settings.AlertChannelID == "" {
		return Errorf(ESETUP, "no alert channel is set")
	}
	waiting, err := s.store.CountQueued(ctx, cond.ID)
	if err != nil {
		return err
	}
	_, err = s.discord.Post(ctx, LateAlert{ChannelID: settings.AlertChannelID, Condition: cond.Name,
		OfficeChannelID: cond.OfficeChannelID, StartsAt: sess.StartsAt, ClinicianID: sess.ClinicianID,
		ModeratorRoleID: settings.ModeratorRoleID, Waiting: waiting,
		MinutesSinceOpen: int(s.now().Sub(maxTime(sess.StartsAt, sess.OpenedAt)).Minutes())})
	return err
}

// closeSession closes a session, open or never opened: questions still
// waiting in it roll over to the next session (a question taken but not
// answered goes back to the queue), the schedule's next sessions are
// materialized, and the lock, the askers' notice, the report and the
// event's end are stored as jobs. It reports false when the session was
// already closed or cancelled.
func (s *Service) closeSession(ctx context.Context, sessionID int64, by string) (bool, error) {
	now := s.now().UTC()
	closed := false
	err := s.commit(ctx, func(tx Store) ([]Job, error) {
		sess, err := tx.OfficeSession(ctx, sessionID)
		if err != nil {
			return nil, err
		}
		if sess.Status != SessionScheduled && sess.Status != SessionOpen {
			return nil, ErrDuplicate
		}
		if ok, err := tx.MoveSession(ctx, sess.ID, sess.Status, SessionClosed, now, by); err != nil || !ok {
			return nil, errOr(err, ErrDuplicate)
		}
		sqs, err := tx.SessionQuestions(ctx, sess.ID)
		if err != nil {
			return nil, err
		}
		var jobs []Job
		for _, sq := range sqs {
			if sq.Outcome != OutcomeWaiting && sq.Outcome != OutcomeTaken {
				continue
			}
			q, err := tx.Question(ctx, sq.QuestionID)
			if err != nil {
				return nil, err
			}
			sq.Outcome, sq.DoneAt = OutcomeRolledOver, now
			switch q.Status {
			case QuestionWithdrawn, QuestionRemoved:
				sq.Outcome = OutcomeWithdrawn
			case QuestionTaken:
				if err := tx.SetQuestionStatus(ctx, q.ID, QuestionQueued, now); err != nil {
					return nil, err
				}
			}
			if err := tx.SetSessionQuestionOutcome(ctx, sq); err != nil {
				return nil, err
			}
			if sq.MessageID != "" {
				jobs = append(jobs, questionJob(jobOHItem, sess.ID, q.ID, now, sq.Outcome))
			}
		}
		if sess.Opened() {
			items, err := tx.OpenAgendaItems(ctx, sess.ConditionID)
			if err != nil {
				return nil, err
			}
			for _, a := range items {
				if !a.AddedAt.After(sess.OpenedAt) {
					if err := tx.CloseAgendaItem(ctx, a.ID, sess.ID, now); err != nil {
						return nil, err
					}
				}
			}
		}
		// Before materializing: new sessions come with their own event jobs.
		backfill, err := eventBackfill(ctx, tx, sess.GuildID, now, sess.ID)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, backfill...)
		if sess.ScheduleID != 0 {
			sch, err := tx.Schedule(ctx, sess.ScheduleID)
			if err != nil {
				return nil, err
			}
			cond, err := tx.Condition(ctx, sess.ConditionID)
			if err != nil {
				return nil, err
			}
			more, err := s.materialize(ctx, tx, sch, cond, now)
			if err != nil {
				return nil, err
			}
			jobs = append(jobs, more...)
		}
		refresh, err := receiptRefreshJobs(ctx, tx, sess.ConditionID, now)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, refresh...)
		end := EventCompleted
		if !sess.Opened() {
			end = EventCancelled
		}
		closed = true
		return append([]Job{
			sessionJob(jobOHAccess, sess.ID, now, "close"),
			sessionJob(jobOHRollover, sess.ID, now),
			sessionJob(jobOHReport, sess.ID, now),
			eventStateJob(sess.ID, end, now),
		}, jobs...), nil
	})
	if err != nil {
		return closed, fmt.Errorf("close session %d: %w", sessionID, err)
	}
	return closed, nil
}

// waitingAskers lists the condition's queued questions and the askers to
// mention about them: those who did not ask anonymously.
func (s *Service) waitingAskers(ctx context.Context, conditionID int64) (int, []string, error) {
	queue, err := s.store.Queue(ctx, conditionID)
	if err != nil {
		return 0, nil, err
	}
	n := 0
	var askers []string
	for _, q := range queue {
		if q.Status != QuestionQueued {
			continue
		}
		n++
		if !q.Anonymous && !slices.Contains(askers, q.UserID) && len(askers) < 100 {
			askers = append(askers, q.UserID)
		}
	}
	return n, askers, nil
}

// sendRollover tells the office-hours channel that the session is over and
// the askers still waiting where their questions go. Of several sessions
// missed in a row (peerhours was down), only the last one speaks.
func (s *Service) sendRollover(ctx context.Context, sessionID int64) error {
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil {
		return err
	}
	cond, err := s.store.Condition(ctx, sess.ConditionID)
	if err != nil {
		return err
	}
	now := s.now()
	if !sess.Opened() {
		later, err := s.store.ConditionSessions(ctx, cond.ID, sess.EndsAt, SessionScheduled, SessionClosed)
		if err != nil {
			return err
		}
		for _, l := range later {
			if l.ID != sess.ID && l.StartsAt.After(sess.StartsAt) && !l.EndsAt.After(now) && !l.Opened() {
				return nil
			}
		}
	}
	waiting, askers, err := s.waitingAskers(ctx, cond.ID)
	if err != nil {
		return err
	}
	if !sess.Opened() && waiting == 0 {
		return nil
	}
	sqs, err := s.store.SessionQuestions(ctx, sess.ID)
	if err != nil {
		return err
	}
	n := SessionEndNotice{ChannelID: cond.OfficeChannelID, Condition: cond.Name, Opened: sess.Opened(),
		StartsAt: sess.StartsAt, Waiting: waiting, Askers: askers}
	for _, sq := range sqs {
		if sq.Outcome == OutcomeAnswered {
			n.Answered++
		}
	}
	if next, ok, err := s.store.NextSession(ctx, cond.ID, now); err != nil {
		return err
	} else if ok {
		n.NextAt = next.StartsAt
	}
	_, err = s.discord.Post(ctx, n)
	return err
}

// sendReport posts the session report to the review channel.
func (s *Service) sendReport(ctx context.Context, sessionID int64) error {
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
	r := SessionReport{SessionID: sess.ID, Condition: cond.Name, StartsAt: sess.StartsAt, EndsAt: sess.EndsAt,
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

// openThread opens the thread a clinician answers a taken question in: a
// public thread on the question's post, or a private one with only the
// asker and the clinician when the question is anonymous (a public ping
// would name the asker). Without the Create Private Threads permission an
// anonymous question gets a public thread and its asker is not pinged.
func (s *Service) openThread(ctx context.Context, sessionID, questionID int64) error {
	q, err := s.store.Question(ctx, questionID)
	if err != nil {
		return err
	}
	if q.ThreadID != "" || q.Status != QuestionTaken {
		return nil
	}
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil {
		return err
	}
	cond, err := s.store.Condition(ctx, sess.ConditionID)
	if err != nil {
		return err
	}
	sq, err := s.store.SessionQuestion(ctx, sessionID, questionID)
	if err != nil {
		return err
	}
	name := "Question " + strconv.Itoa(sq.Position) + " · " + cond.Name
	var threadID string
	private := q.Anonymous
	if private {
		threadID, err = s.discord.StartPrivateThread(ctx, cond.OfficeChannelID, name, []string{q.UserID, sq.TakenBy})
		if ErrorCode(err) == EUNAVAILABLE {
			s.log.Warn("private thread refused; public thread without a ping", "session_id", sess.ID, "question_id", q.ID)
			private, err = false, nil
		}
		if err != nil {
			return err
		}
	}
	if threadID == "" {
		if sq.MessageID == "" {
			if sq.MessageID, err = s.postItem(ctx, cond, sess, sq, q); err != nil {
				return err
			}
		}
		if threadID, err = s.discord.StartThread(ctx, cond.OfficeChannelID, sq.MessageID, name); err != nil {
			return err
		}
	}
	return s.commit(ctx, func(tx Store) ([]Job, error) {
		if err := tx.SetQuestionThread(ctx, q.ID, threadID); err != nil {
			return nil, err
		}
		jobs := []Job{questionJob(jobOHItem, sessionID, q.ID, s.now(), "thread")}
		if private || !q.Anonymous {
			jobs = append(jobs, questionJob(jobOHTaken, sessionID, q.ID, s.now()))
		}
		return jobs, nil
	})
}

func (s *Service) sendTaken(ctx context.Context, sessionID, questionID int64) error {
	q, err := s.store.Question(ctx, questionID)
	if err != nil || q.ThreadID == "" {
		return err
	}
	sq, err := s.store.SessionQuestion(ctx, sessionID, questionID)
	if err != nil {
		return err
	}
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil {
		return err
	}
	cond, err := s.store.Condition(ctx, sess.ConditionID)
	if err != nil {
		return err
	}
	_, err = s.discord.Post(ctx, QuestionTakenNotice{ThreadID: q.ThreadID, UserID: q.UserID, ClinicianID: sq.TakenBy,
		Condition: cond.Name, Text: q.Text, Private: q.Anonymous, Verified: s.VerifiedAs(ctx, cond.GuildID, sq.TakenBy)})
	return err
}

// sendCancelled tells the office-hours channel that a session will not take
// place, mentioning the askers who were waiting for it.
func (s *Service) sendCancelled(ctx context.Context, sessionID int64) error {
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil {
		return err
	}
	cond, err := s.store.Condition(ctx, sess.ConditionID)
	if err != nil {
		return err
	}
	waiting, askers, err := s.waitingAskers(ctx, cond.ID)
	if err != nil {
		return err
	}
	n := SessionCancelNotice{ChannelID: cond.OfficeChannelID, Condition: cond.Name, StartsAt: sess.StartsAt,
		Waiting: waiting, Askers: askers}
	if sch, err := s.store.Schedule(ctx, sess.ScheduleID); err == nil && sch.Cancelled() {
		n.Series = true
	}
	if next, ok, err := s.store.NextSession(ctx, cond.ID, s.now()); err != nil {
		return err
	} else if ok {
		n.NextAt = next.StartsAt
	}
	_, err = s.discord.Post(ctx, n)
	return err
}
