package bot

import (
	"context"
	"slices"
	"strconv"
	"time"
)

// The queue in the office-hours channel: the opening post, one post per
// question with its buttons, the threads questions are answered in.

// postQueue posts the session's opening notice, mentioning the askers, and
// then its first questions, each with its buttons. What was posted is
// recorded post by post, so a retry posts only the rest.
func (s *Service) postQueue(ctx context.Context, sessionID SessionID) error {
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
	questions := make(map[QuestionID]Question, len(sqs))
	for _, sq := range sqs {
		q, err := s.store.Question(ctx, sq.QuestionID)
		if err != nil {
			return err
		}
		questions[q.ID] = q
	}
	posted := min(len(sqs), maxPosted)
	if sess.QueueMessageID == "" {
		n := SessionOpened{Lang: s.lang(ctx, cond.GuildID), ChannelID: cond.OfficeChannelID, SessionID: sess.ID, Condition: cond.Name,
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
	it := QueueItem{Lang: s.lang(ctx, cond.GuildID), ChannelID: cond.OfficeChannelID, SessionID: sess.ID, QuestionID: q.ID, Position: sq.Position,
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
func (s *Service) refreshItem(ctx context.Context, sessionID SessionID, questionID QuestionID) error {
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

// openThread opens the thread a clinician answers a taken question in: a
// public thread on the question's post, or a private one with only the
// asker and the clinician when the question is anonymous (a public ping
// would name the asker). Without the Create Private Threads permission an
// anonymous question gets a public thread and its asker is not pinged.
func (s *Service) openThread(ctx context.Context, sessionID SessionID, questionID QuestionID) error {
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
		jobs := []Job{jobOHItem.job(sessionID, q.ID, s.now(), "thread")}
		if private || !q.Anonymous {
			jobs = append(jobs, jobOHTaken.job(sessionID, q.ID, s.now()))
		}
		return jobs, nil
	})
}

func (s *Service) sendTaken(ctx context.Context, sessionID SessionID, questionID QuestionID) error {
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
	_, err = s.discord.Post(ctx, QuestionTakenNotice{Lang: s.lang(ctx, q.GuildID), ThreadID: q.ThreadID, UserID: q.UserID, ClinicianID: sq.TakenBy,
		Condition: cond.Name, Text: q.Text, Private: q.Anonymous, Verified: s.VerifiedAs(ctx, cond.GuildID, sq.TakenBy)})
	return err
}
