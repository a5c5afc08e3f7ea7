package bot

import (
	"context"
	"slices"
	"time"
)

// Working through the queue: Take, Answered and Move to next session on
// each posted question, /queue next for the next one, /queue show.

// Handling-time estimate for /queue show: the median time from taken to
// answered over the condition's last handlingSamples answered questions,
// kept within [minHandling, maxHandling]; defaultHandling until there are
// at least minSamples of them.
const (
	handlingSamples = 20
	minSamples      = 3
	defaultHandling = 10 * time.Minute
	minHandling     = 3 * time.Minute
	maxHandling     = 30 * time.Minute
)

// TakeResult is a question a clinician took.
type TakeResult struct {
	Item      QueueItem
	Question  Question
	Condition Condition
	ThreadID  string // "" when Discord has not made the thread yet (it will)
}

// errAlreadyDone ends a transaction that found the action already done by
// the same person: the click is answered with the state as it is.
var errAlreadyDone = Errorf(ECONFLICT, "already done")

// actOn loads and checks what a queue button acts on, inside a transaction.
func (s *Service) actOn(ctx context.Context, tx Store, c Caller, sessionID SessionID, questionID QuestionID) (OfficeSession, Question, SessionQuestion, error) {
	sess, err := tx.OfficeSession(ctx, sessionID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && sess.GuildID != c.GuildID) {
		return sess, Question{}, SessionQuestion{}, Errorf(ENOTFOUND, "That session no longer exists.")
	}
	if err != nil {
		return sess, Question{}, SessionQuestion{}, err
	}
	q, err := tx.Question(ctx, questionID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && q.ConditionID != sess.ConditionID) {
		return sess, q, SessionQuestion{}, Errorf(ENOTFOUND, "That question no longer exists.")
	}
	if err != nil {
		return sess, q, SessionQuestion{}, err
	}
	if sess.Status != SessionOpen {
		return sess, q, SessionQuestion{}, Errorf(ECONFLICT, "This session is over; its unanswered questions went on to the next one. `/queue show` has the queue as it is now.")
	}
	sq, err := tx.SessionQuestion(ctx, sess.ID, q.ID)
	if ErrorCode(err) == ENOTFOUND {
		sqs, err := tx.SessionQuestions(ctx, sess.ID)
		if err != nil {
			return sess, q, sq, err
		}
		sq = SessionQuestion{SessionID: sess.ID, QuestionID: q.ID, Position: len(sqs) + 1, Outcome: OutcomeWaiting}
		if err := tx.AddSessionQuestion(ctx, sq); err != nil {
			return sess, q, sq, err
		}
	} else if err != nil {
		return sess, q, sq, err
	}
	switch q.Status {
	case QuestionWithdrawn, QuestionRemoved:
		return sess, q, sq, Errorf(ECONFLICT, "The asker withdrew this question (or it was removed), so there is nothing to answer.")
	}
	return sess, q, sq, nil
}

// TakeQuestion gives a question to the clinician who clicked Take: it is
// theirs to answer, in a thread where the asker is pinged.
func (s *Service) TakeQuestion(ctx context.Context, c Caller, sessionID SessionID, questionID QuestionID) (TakeResult, error) {
	if _, err := s.authorize(ctx, c, Clinicians); err != nil {
		return TakeResult{}, err
	}
	now := s.now().UTC()
	err := s.commit(ctx, func(tx Store) ([]Job, error) {
		if err := s.requireVerified(ctx, tx, c); err != nil {
			return nil, err
		}
		_, q, sq, err := s.actOn(ctx, tx, c, sessionID, questionID)
		if err != nil {
			return nil, err
		}
		switch q.Status {
		case QuestionTaken:
			if sq.TakenBy == c.UserID || sq.TakenBy == "" {
				return nil, errAlreadyDone
			}
			return nil, Errorf(ECONFLICT, "<@%s> has already taken this question.", sq.TakenBy)
		case QuestionAnswered:
			return nil, Errorf(ECONFLICT, "This question has already been answered.")
		}
		if err := tx.SetQuestionSession(ctx, q.ID, sessionID, QuestionTaken, now); err != nil {
			return nil, err
		}
		sq.Outcome, sq.TakenBy, sq.TakenAt, sq.DoneAt = OutcomeTaken, c.UserID, now, time.Time{}
		if err := tx.SetSessionQuestionOutcome(ctx, sq); err != nil {
			return nil, err
		}
		if err := tx.MarkSessionAction(ctx, sessionID, now); err != nil {
			return nil, err
		}
		return []Job{
			jobOHThread.job(sessionID, q.ID, now),
			jobOHItem.job(sessionID, q.ID, now, OutcomeTaken, now.UnixMilli()),
		}, nil
	})
	if err != nil && err != errAlreadyDone {
		return TakeResult{}, err
	}
	return s.takeResult(ctx, sessionID, questionID)
}

func (s *Service) takeResult(ctx context.Context, sessionID SessionID, questionID QuestionID) (TakeResult, error) {
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil {
		return TakeResult{}, err
	}
	cond, err := s.store.Condition(ctx, sess.ConditionID)
	if err != nil {
		return TakeResult{}, err
	}
	q, err := s.store.Question(ctx, questionID)
	if err != nil {
		return TakeResult{}, err
	}
	sq, err := s.store.SessionQuestion(ctx, sessionID, questionID)
	if err != nil {
		return TakeResult{}, err
	}
	return TakeResult{Item: s.queueItem(ctx, cond, sess, sq, q), Question: q, Condition: cond, ThreadID: q.ThreadID}, nil
}

// AnswerQuestion marks a question answered, whether or not it was taken
// first.
func (s *Service) AnswerQuestion(ctx context.Context, c Caller, sessionID SessionID, questionID QuestionID) (QueueItem, error) {
	return s.finish(ctx, c, sessionID, questionID, OutcomeAnswered)
}

// MoveQuestion moves a question to the next session: it stays queued, and
// this session leaves it alone.
func (s *Service) MoveQuestion(ctx context.Context, c Caller, sessionID SessionID, questionID QuestionID) (QueueItem, error) {
	return s.finish(ctx, c, sessionID, questionID, OutcomeMoved)
}

func (s *Service) finish(ctx context.Context, c Caller, sessionID SessionID, questionID QuestionID, outcome Outcome) (QueueItem, error) {
	if _, err := s.authorize(ctx, c, Clinicians); err != nil {
		return QueueItem{}, err
	}
	now := s.now().UTC()
	err := s.commit(ctx, func(tx Store) ([]Job, error) {
		if outcome == OutcomeAnswered {
			if err := s.requireVerified(ctx, tx, c); err != nil {
				return nil, err
			}
		}
		_, q, sq, err := s.actOn(ctx, tx, c, sessionID, questionID)
		if err != nil {
			return nil, err
		}
		if sq.Outcome == outcome {
			return nil, errAlreadyDone
		}
		if q.Status == QuestionAnswered {
			return nil, Errorf(ECONFLICT, "This question has already been answered.")
		}
		status := QuestionQueued
		if outcome == OutcomeAnswered {
			status = QuestionAnswered
			if sq.TakenBy == "" {
				sq.TakenBy, sq.TakenAt = c.UserID, now
			}
		}
		if err := tx.SetQuestionSession(ctx, q.ID, sessionID, status, now); err != nil {
			return nil, err
		}
		sq.Outcome, sq.DoneAt = outcome, now
		if err := tx.SetSessionQuestionOutcome(ctx, sq); err != nil {
			return nil, err
		}
		if err := tx.MarkSessionAction(ctx, sessionID, now); err != nil {
			return nil, err
		}
		jobs := []Job{jobOHItem.job(sessionID, q.ID, now, outcome, now.UnixMilli())}
		if status == QuestionAnswered {
			jobs = append(jobs, receiptEditJob(q, now)...)
			jobs = append(jobs, helpfulJob(q.ID, now))
		}
		return jobs, nil
	})
	if err != nil && err != errAlreadyDone {
		return QueueItem{}, err
	}
	r, err := s.takeResult(ctx, sessionID, questionID)
	return r.Item, err
}

// openSessionOf returns the condition's open session.
func (s *Service) openSessionOf(ctx context.Context, cond Condition) (OfficeSession, error) {
	open, err := s.store.ConditionSessions(ctx, cond.ID, time.Time{}, SessionOpen)
	if err != nil {
		return OfficeSession{}, err
	}
	if len(open) == 0 {
		return OfficeSession{}, Errorf(ECONFLICT, "No %s office hours are open right now. Open them with `/officehours start condition:%s`.", cond.Name, cond.Name)
	}
	return open[0], nil
}

// NextQuestion takes the next waiting question of the condition's open
// session for the caller: the session's queue in order, then questions that
// arrived after it opened.
func (s *Service) NextQuestion(ctx context.Context, c Caller, conditionName string) (TakeResult, error) {
	if _, err := s.authorize(ctx, c, Clinicians); err != nil {
		return TakeResult{}, err
	}
	cond, err := s.condition(ctx, c.GuildID, conditionName)
	if err != nil {
		return TakeResult{}, err
	}
	if err := s.requireVerified(ctx, s.store, c); err != nil {
		return TakeResult{}, err
	}
	sess, err := s.openSessionOf(ctx, cond)
	if err != nil {
		return TakeResult{}, err
	}
	sqs, err := s.store.SessionQuestions(ctx, sess.ID)
	if err != nil {
		return TakeResult{}, err
	}
	in := map[QuestionID]bool{}
	for _, sq := range sqs {
		in[sq.QuestionID] = true
		if sq.Outcome != OutcomeWaiting {
			continue
		}
		q, err := s.store.Question(ctx, sq.QuestionID)
		if err != nil {
			return TakeResult{}, err
		}
		if q.Status == QuestionQueued {
			return s.TakeQuestion(ctx, c, sess.ID, q.ID)
		}
	}
	queue, err := s.store.Queue(ctx, cond.ID)
	if err != nil {
		return TakeResult{}, err
	}
	for _, q := range queue {
		if q.Status == QuestionQueued && !in[q.ID] {
			return s.TakeQuestion(ctx, c, sess.ID, q.ID)
		}
	}
	return TakeResult{}, Errorf(ENOTFOUND, "Nothing is waiting in the %s queue. 🎉", cond.Name)
}

// QueueView is /queue show: the whole queue for clinicians and
// moderators, a member's own questions for anyone else.
type QueueView struct {
	Condition Condition
	Staff     bool
	Open      *OfficeSession // the open session, if any
	Next      *OfficeSession // the next scheduled session, if any
	Entries   []QueueEntry   // in queue order
	Waiting   int            // questions waiting, everyone's
	// PerQuestion is the time a question takes, as estimated from recent
	// sessions (Measured) or assumed.
	PerQuestion time.Duration
	Measured    bool
}

// QueueEntry is one question in a QueueView.
type QueueEntry struct {
	Question Question
	Position int  // 1-based among waiting questions; 0 while a clinician has it
	Moved    bool // moved out of the open session
	// Estimate is when the question is likely to be reached, zero when no
	// session is scheduled; Session is the session that is likely to be.
	Estimate time.Time
	Session  *OfficeSession
}

// ShowQueue returns the queue as the caller may see it.
func (s *Service) ShowQueue(ctx context.Context, c Caller, conditionName string) (QueueView, error) {
	cond, err := s.condition(ctx, c.GuildID, conditionName)
	if err != nil {
		return QueueView{}, err
	}
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return QueueView{}, err
	}
	v := QueueView{Condition: cond, Staff: settings.Allows(c, Staff), PerQuestion: defaultHandling}
	now := s.now()
	upcoming, err := s.store.ConditionSessions(ctx, cond.ID, now, SessionOpen, SessionScheduled)
	if err != nil {
		return v, err
	}
	for i := range upcoming {
		if upcoming[i].Status == SessionOpen && v.Open == nil {
			v.Open = &upcoming[i]
		} else if upcoming[i].Status == SessionScheduled && v.Next == nil {
			v.Next = &upcoming[i]
		}
	}
	if times, err := s.store.HandlingTimes(ctx, cond.ID, handlingSamples); err != nil {
		return v, err
	} else if len(times) >= minSamples {
		slices.Sort(times)
		v.PerQuestion, v.Measured = min(max(times[len(times)/2], minHandling), maxHandling), true
	}
	queue, err := s.store.Queue(ctx, cond.ID)
	if err != nil {
		return v, err
	}
	moved := map[QuestionID]bool{}
	if v.Open != nil {
		sqs, err := s.store.SessionQuestions(ctx, v.Open.ID)
		if err != nil {
			return v, err
		}
		for _, sq := range sqs {
			if sq.Outcome == OutcomeMoved {
				moved[sq.QuestionID] = true
			}
		}
	}
	// Questions moved out of the open session wait behind the others.
	slices.SortStableFunc(queue, func(a, b Question) int {
		switch {
		case moved[a.ID] == moved[b.ID]:
			return 0
		case moved[b.ID]:
			return -1
		}
		return 1
	})
	pos := 0
	for _, q := range queue {
		e := QueueEntry{Question: q, Moved: moved[q.ID]}
		if q.Status == QuestionQueued {
			pos++
			e.Position = pos
			e.Estimate, e.Session = v.estimate(pos, now, e.Moved)
			v.Waiting++
		}
		if v.Staff || q.UserID == c.UserID {
			v.Entries = append(v.Entries, e)
		}
	}
	return v, nil
}

// estimate is when the question at pos is likely to be reached: pos-1
// questions before it, each taking PerQuestion, from the open session's
// present (or the next session's start), carried into the next session when
// it would run past the end of the open one. It is a rough guide, and the
// reply says so.
func (v QueueView) estimate(pos int, now time.Time, moved bool) (time.Time, *OfficeSession) {
	ahead := time.Duration(pos-1) * v.PerQuestion
	if v.Open != nil && !moved {
		at := now.Add(ahead)
		if at.Before(v.Open.EndsAt) {
			return at, v.Open
		}
		ahead = at.Sub(v.Open.EndsAt)
	}
	if v.Next != nil {
		return v.Next.StartsAt.Add(ahead), v.Next
	}
	return time.Time{}, nil
}
