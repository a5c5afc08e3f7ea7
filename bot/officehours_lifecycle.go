package bot

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// A session's life: opening (and the channel's access), running late,
// closing with its rollover, and cancellation notices.

// openSession opens a session: the channel opens to members, the queue as
// it stands is the session's, and the posts and the running-late check are
// stored as jobs. by is "" for the scheduler. It reports false when the
// session was not waiting to open, or its time has passed.
func (s *Service) openSession(ctx context.Context, sessionID SessionID, by string, clinician bool) (bool, error) {
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
			return []Job{jobOHEventState.job(sess.ID, EventCancelled, now)}, nil
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
			jobOHAccess.job(sess.ID, now, "open"),
			jobOHPost.job(sess.ID, now),
			jobOHEventState.job(sess.ID, EventActive, now),
			jobOHLate.job(sess.ID, maxTime(sess.StartsAt, now).Add(lateAfter)),
		}, nil
	})
	if err != nil {
		return opened, fmt.Errorf("open session %d: %w", sessionID, err)
	}
	return opened, nil
}

// syncAccess makes the office-hours channel open to members exactly when
// one of the condition's sessions is open. It reads the state when it runs,
// so an open and a close carried out in either order end right.
func (s *Service) syncAccess(ctx context.Context, sessionID SessionID) error {
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

// checkLate decides, ten minutes in, whether the session is running late:
// open, and no clinician has acted.
func (s *Service) checkLate(ctx context.Context, sessionID SessionID) error {
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
		return []Job{jobOHLateNotice.job(sess.ID, now), jobOHLateAlert.job(sess.ID, now)}, nil
	})
}

func (s *Service) sendLate(ctx context.Context, sessionID SessionID, alert bool) error {
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
		_, err = s.discord.Post(ctx, RunningLate{Lang: s.lang(ctx, cond.GuildID), ChannelID: cond.OfficeChannelID, Condition: cond.Name,
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
	_, err = s.discord.Post(ctx, LateAlert{Lang: settings.Lang(), ChannelID: settings.AlertChannelID, Condition: cond.Name,
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
func (s *Service) closeSession(ctx context.Context, sessionID SessionID, by string) (bool, error) {
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
				jobs = append(jobs, jobOHItem.job(sess.ID, q.ID, now, sq.Outcome))
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
			jobOHAccess.job(sess.ID, now, "close"),
			jobOHRollover.job(sess.ID, now),
			jobOHReport.job(sess.ID, now),
			jobOHEventState.job(sess.ID, end, now),
		}, jobs...), nil
	})
	if err != nil {
		return closed, fmt.Errorf("close session %d: %w", sessionID, err)
	}
	return closed, nil
}

// waitingAskers lists the condition's queued questions and the askers to
// mention about them: those who did not ask anonymously.
func (s *Service) waitingAskers(ctx context.Context, conditionID ConditionID) (int, []string, error) {
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
func (s *Service) sendRollover(ctx context.Context, sessionID SessionID) error {
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
	n := SessionEndNotice{Lang: s.lang(ctx, cond.GuildID), ChannelID: cond.OfficeChannelID, Condition: cond.Name, Opened: sess.Opened(),
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

// sendCancelled tells the office-hours channel that a session will not take
// place, mentioning the askers who were waiting for it.
func (s *Service) sendCancelled(ctx context.Context, sessionID SessionID) error {
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
	n := SessionCancelNotice{Lang: s.lang(ctx, cond.GuildID), ChannelID: cond.OfficeChannelID, Condition: cond.Name, StartsAt: sess.StartsAt,
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
