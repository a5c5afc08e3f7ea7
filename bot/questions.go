package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/peerhours/peerhours/bot/triage"
)

// Question is an entry in a condition's office-hours queue.
type Question struct {
	ID               QuestionID
	GuildID          string
	ConditionID      ConditionID
	UserID           string
	Text             string
	SourceChannelID  string // where it was posted; "" for /ask
	SourceMessageID  string
	Anonymous        bool // hidden from peers, not from clinicians
	Priority         int  // higher first
	Status           QuestionStatus
	SessionID        SessionID // the session it was taken or answered in
	ThreadID         string
	ReceiptChannelID string
	ReceiptMessageID string
	SentBy           string // a moderator or clinician who queued it by hand
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// QuestionStatus is where a question stands. The values are stored.
type QuestionStatus string

// Question statuses.
const (
	QuestionQueued    QuestionStatus = "queued"
	QuestionTaken     QuestionStatus = "taken"
	QuestionAnswered  QuestionStatus = "answered"
	QuestionWithdrawn QuestionStatus = "withdrawn"
	QuestionRemoved   QuestionStatus = "removed" // by a moderator, or because the asker left
)

// Session is one office-hours session.
type Session struct {
	ID          SessionID
	GuildID     string
	ConditionID ConditionID
	ScheduleID  ScheduleID
	StartsAt    time.Time
	EndsAt      time.Time
	Status      SessionStatus // scheduled, open, closed, cancelled
	ClinicianID string
	EventID     string
}

const maxQuestion = 1800 // leaves room in a 2,000-character message

// priority orders the queue: symptoms (and red flags that triage read as
// past, reported or hypothetical: "I had chest pain yesterday, should I
// worry?") before medication questions before the rest.
func priority(reasons []string) int {
	p := 0
	for _, r := range reasons {
		switch {
		case r == "clinical.symptom", strings.HasPrefix(r, "clinical.medical."):
			p = max(p, 2)
		case r == "clinical.dose", r == "clinical.medication_change", r == "clinical.interaction", r == "clinical.side_effect":
			p = max(p, 1)
		}
	}
	return p
}

// queueFrom queues a message for the condition's next office hours, inside
// the transaction that records its decision; the receipt job says when
// that is. It returns the jobs to run.
func (s *Service) queueFrom(ctx context.Context, tx Store, m Message, cond Condition, d triage.Decision, now time.Time) ([]string, error) {
	_, keys, err := s.queue(ctx, tx, Question{
		GuildID: m.GuildID, ConditionID: cond.ID, UserID: m.AuthorID, Text: clip(m.Content, maxQuestion),
		SourceChannelID: m.ChannelID, SourceMessageID: m.ID, Priority: priority(d.Reasons),
		ReceiptChannelID: m.ChannelID, CreatedAt: now, UpdatedAt: now,
	})
	return keys, err
}

// queue adds a question and the jobs that tell the asker, and moderators
// when no session is scheduled. It returns the jobs' keys.
func (s *Service) queue(ctx context.Context, tx Store, in Question) (Question, []string, error) {
	q, err := tx.AddQuestion(ctx, in)
	if err != nil {
		return q, nil, fmt.Errorf("queue the question: %w", err)
	}
	var keys []string
	if q.ReceiptChannelID != "" {
		j := jobReceipt.job(q.ID, q.CreatedAt)
		if err := tx.EnqueueJob(ctx, j); err != nil {
			return q, nil, fmt.Errorf("enqueue the receipt: %w", err)
		}
		keys = append(keys, j.Key)
	}
	if _, ok, err := tx.NextSession(ctx, q.ConditionID, q.CreatedAt); err != nil {
		return q, nil, fmt.Errorf("find the next session: %w", err)
	} else if !ok {
		// Once a day per condition is enough to make moderators act.
		j := jobNoSession.job(q.ConditionID, q.CreatedAt, q.CreatedAt.Format(time.DateOnly))
		if err := tx.EnqueueJob(ctx, j); err != nil {
			return q, nil, err
		}
		keys = append(keys, j.Key)
	}
	// A question that arrives while its condition's office hours are open
	// joins that session's queue at the end and gets its post with Take,
	// so the clinician sees it come in instead of finding it only through
	// /queue next.
	open, err := tx.ConditionSessions(ctx, q.ConditionID, time.Time{}, SessionOpen)
	if err != nil {
		return q, nil, fmt.Errorf("find an open session: %w", err)
	}
	if len(open) > 0 {
		sess := open[0]
		sqs, err := tx.SessionQuestions(ctx, sess.ID)
		if err != nil {
			return q, nil, fmt.Errorf("read the open session's queue: %w", err)
		}
		if err := tx.AddSessionQuestion(ctx, SessionQuestion{SessionID: sess.ID, QuestionID: q.ID, Position: len(sqs) + 1, Outcome: OutcomeWaiting}); err != nil {
			return q, nil, fmt.Errorf("join the open session: %w", err)
		}
		j := jobOHItem.job(sess.ID, q.ID, q.CreatedAt, "arrived")
		if err := tx.EnqueueJob(ctx, j); err != nil {
			return q, nil, fmt.Errorf("enqueue the queue post: %w", err)
		}
		keys = append(keys, j.Key)
	}
	return q, keys, nil
}

func (s *Service) receipt(ctx context.Context, q Question) (QueueReceipt, error) {
	cond, err := s.store.Condition(ctx, q.ConditionID)
	if err != nil {
		return QueueReceipt{}, fmt.Errorf("read the condition: %w", err)
	}
	r := QueueReceipt{ChannelID: q.ReceiptChannelID, ReplyTo: q.SourceMessageID, UserID: q.UserID, QuestionID: q.ID,
		Condition: cond.Name, SentBy: q.SentBy, Status: q.Status, Lang: s.langFor(ctx, cond.GuildID, q.Text)}
	if next, ok, err := s.store.NextSession(ctx, q.ConditionID, s.now()); err != nil {
		return QueueReceipt{}, fmt.Errorf("find the next session: %w", err)
	} else if ok {
		r.NextSession = next.StartsAt
		r.Open = next.Status == SessionOpen || !next.StartsAt.After(s.now())
	}
	if q.Status == QuestionQueued {
		r.FAQ = s.faqFor(ctx, q.ConditionID, q.Text)
	}
	if q.Status == QuestionAnswered {
		r.AnsweredAt, r.ThreadID = q.UpdatedAt, q.ThreadID
		if sq, err := s.store.SessionQuestion(ctx, q.SessionID, q.ID); err == nil && !sq.DoneAt.IsZero() {
			r.AnsweredAt = sq.DoneAt
		}
	}
	return r, nil
}

// receiptEditJob refreshes a question's posted receipt once it changed:
// a question that left the queue for good loses its Withdraw button. Nil
// when no receipt was posted (an /ask receipt is ephemeral and has none to
// edit).
func receiptEditJob(q Question, now time.Time) []Job {
	if q.ReceiptMessageID == "" {
		return nil
	}
	return []Job{jobReceiptEdit.job(q.ID, now, now.UnixMilli())}
}

// receiptRefreshJobs refresh the posted receipts of a condition's queued
// questions when the session they name changed: one ended and rolled them
// over, or was cancelled. Each receipt then names the next session, and
// keeps its Withdraw button.
func receiptRefreshJobs(ctx context.Context, tx Store, conditionID ConditionID, now time.Time) ([]Job, error) {
	queue, err := tx.Queue(ctx, conditionID)
	if err != nil {
		return nil, err
	}
	var jobs []Job
	for _, q := range queue {
		if q.Status == QuestionQueued {
			jobs = append(jobs, receiptEditJob(q, now)...)
		}
	}
	return jobs, nil
}

// refreshReceipt edits a question's posted receipt to show the question as
// it is now.
func (s *Service) refreshReceipt(ctx context.Context, questionID QuestionID) error {
	q, err := s.store.Question(ctx, questionID)
	if err != nil {
		return fmt.Errorf("receipt edit: read the question: %w", err)
	}
	if q.ReceiptMessageID == "" {
		return nil
	}
	r, err := s.receipt(ctx, q)
	if err != nil {
		return fmt.Errorf("receipt edit: %w", err)
	}
	if err := s.discord.Edit(ctx, q.ReceiptChannelID, q.ReceiptMessageID, r); err != nil {
		return fmt.Errorf("receipt edit: edit the post: %w", err)
	}
	return nil
}

func (s *Service) sendReceipt(ctx context.Context, questionID QuestionID) error {
	q, err := s.store.Question(ctx, questionID)
	if err != nil {
		return fmt.Errorf("receipt: read the question: %w", err)
	}
	if q.ReceiptMessageID != "" || q.Status != QuestionQueued {
		return nil
	}
	r, err := s.receipt(ctx, q)
	if err != nil {
		return fmt.Errorf("receipt: %w", err)
	}
	id, err := s.discord.Post(ctx, r)
	if err != nil {
		return fmt.Errorf("receipt: post it: %w", err)
	}
	if err := s.store.SetQuestionReceipt(ctx, q.ID, q.ReceiptChannelID, id); err != nil {
		return fmt.Errorf("receipt: record the post: %w", err)
	}
	// The question may have left the queue while the receipt was being
	// posted, before its ID was stored for the edit: bring it up to date.
	if now, err := s.store.Question(ctx, q.ID); err == nil && now.Status != QuestionQueued {
		return s.refreshReceipt(ctx, q.ID)
	}
	return nil
}

func (s *Service) sendNoSession(ctx context.Context, conditionID ConditionID) error {
	cond, err := s.store.Condition(ctx, conditionID)
	if err != nil {
		return fmt.Errorf("no-session notice: read the condition: %w", err)
	}
	if _, ok, err := s.store.NextSession(ctx, conditionID, s.now()); err != nil {
		return fmt.Errorf("no-session notice: find the next session: %w", err)
	} else if ok {
		return nil // scheduled in the meantime: nothing to say
	}
	settings, err := s.store.GuildSettings(ctx, cond.GuildID)
	if err != nil {
		return fmt.Errorf("no-session notice: read the settings: %w", err)
	}
	if settings.AlertChannelID == "" {
		return Errorf(ESETUP, "no alert channel is set")
	}
	waiting, err := s.store.CountQueued(ctx, conditionID)
	if err != nil {
		return fmt.Errorf("no-session notice: count the queue: %w", err)
	}
	if _, err := s.discord.Post(ctx, NoSessionNotice{ChannelID: settings.AlertChannelID, Condition: cond.Name,
		Waiting: waiting, ModeratorRoleID: settings.ModeratorRoleID, Lang: settings.Lang()}); err != nil {
		return fmt.Errorf("no-session notice: post it: %w", err)
	}
	return nil
}

// Ask puts a question straight into a condition's queue. The asker must be
// a member of the condition. A question that reads as an emergency is
// never queued: the asker gets the crisis resources and moderators are
// paged, as for a message.
func (s *Service) Ask(ctx context.Context, c Caller, conditionName, text string, anonymous bool) (AskResult, error) {
	cond, err := s.joinable(ctx, c.GuildID, conditionName)
	if err != nil {
		return AskResult{}, err
	}
	text = strings.TrimSpace(text)
	if n := utf8.RuneCountInString(text); n < 5 || n > maxQuestion {
		return AskResult{}, Errorf(EINVALID, "Please write your question in 5 to %d characters.", maxQuestion)
	}
	if !c.hasRole(cond.RoleID) {
		if _, err := s.store.Membership(ctx, c.GuildID, c.UserID, cond.ID); err != nil {
			if ErrorCode(err) == ENOTFOUND {
				return AskResult{}, Errorf(EFORBIDDEN, "Only members of %s can ask its clinicians. Join first with `/join condition:%s`.", cond.Name, cond.Name)
			}
			return AskResult{}, err
		}
	}
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return AskResult{}, err
	}
	// The question is read after what the asker said in the condition's
	// channel within the hour, as a message there would be.
	d := s.classify(text, s.talk.earlier(talkKey{guild: c.GuildID, channel: cond.PeerChannelID, user: c.UserID}, "", s.now()))
	if d.Category == triage.Emergency {
		if err := s.askEmergency(ctx, c, cond, d, settings); err != nil {
			s.log.Error("alert for an emergency /ask", "guild_id", c.GuildID, "code", ErrorCode(err), "error", errText(err))
		}
		return AskResult{Emergency: true, Crisis: crisisReply(settings, d.Reasons, c.Lang)}, nil
	}
	now := s.now().UTC()
	var q Question
	var keys []string
	already := false
	err = s.store.Atomically(ctx, func(tx Store) error {
		// The same question sent twice (a double submit, two clients at
		// once) is queued once: transactions take the write lock at BEGIN,
		// so the second sees the first.
		var err error
		if q, err = tx.WaitingQuestion(ctx, cond.ID, c.UserID, text); err == nil {
			already = true
			return nil
		} else if ErrorCode(err) != ENOTFOUND {
			return err
		}
		q, keys, err = s.queue(ctx, tx, Question{GuildID: c.GuildID, ConditionID: cond.ID, UserID: c.UserID, Text: text,
			Anonymous: anonymous, Priority: priority(d.Reasons), CreatedAt: now, UpdatedAt: now})
		return err
	})
	if err != nil {
		return AskResult{}, err
	}
	s.runNow(ctx, keys...)
	r, err := s.receipt(ctx, q)
	if err != nil {
		return AskResult{}, err
	}
	r.Anonymous = q.Anonymous
	return AskResult{Receipt: r, Already: already}, nil
}

// AskResult is what /ask answers: a receipt, or crisis resources.
type AskResult struct {
	Receipt QueueReceipt
	// Already says the asker had this very question waiting in the
	// queue, and Receipt is that question's.
	Already   bool
	Emergency bool
	Crisis    CrisisReply
}

// askEmergency opens an alert for an emergency sent through /ask, which
// has no message to link to; the alert points at the condition's channel.
func (s *Service) askEmergency(ctx context.Context, c Caller, cond Condition, d triage.Decision, settings Settings) error {
	now := s.now().UTC()
	var keys []string
	err := s.store.Atomically(ctx, func(tx Store) error {
		a, fresh, err := tx.OpenAlert(ctx, Alert{Kind: AlertEmergency, GuildID: c.GuildID, ChannelID: cond.PeerChannelID, UserID: c.UserID,
			ConditionID: cond.ID, Reasons: d.Reasons, Messages: 1, OpenedAt: now, CrisisReplyID: "ephemeral"}, now.Add(-crisisWindow))
		if err != nil {
			return err
		}
		post := jobAlert.job(a.ID, now, "ask", now.UnixNano())
		keys = []string{post.Key}
		jobs := []Job{post}
		if fresh {
			jobs = append(jobs, jobRealert.job(a.ID, now.Add(realertAfter)))
		}
		return enqueue(ctx, tx, jobs...)
	})
	if err != nil {
		return err
	}
	s.runNow(ctx, keys...)
	s.Wake()
	return nil
}

// Withdraw takes the caller's own question out of the queue. onMessage is
// the message whose Withdraw button was pressed: the caller's reply
// replaces it, and the question's posted receipt, when it is another
// message, is edited too.
func (s *Service) Withdraw(ctx context.Context, c Caller, questionID QuestionID, onMessage string) (QueueReceipt, error) {
	q, err := s.store.Question(ctx, questionID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && (q.GuildID != c.GuildID || q.UserID == "")) {
		// Gone, or its asker erased their data with /privacy delete.
		return QueueReceipt{}, Errorf(ENOTFOUND, "This question is no longer in the queue, so there is nothing to withdraw.")
	}
	if err != nil {
		return QueueReceipt{}, err
	}
	if q.UserID != c.UserID {
		return QueueReceipt{}, Errorf(EFORBIDDEN, "Only the person who asked can withdraw this question.")
	}
	switch q.Status {
	case QuestionQueued:
		now := s.now().UTC()
		err := s.commit(ctx, func(tx Store) ([]Job, error) {
			if err := tx.SetQuestionStatus(ctx, q.ID, QuestionWithdrawn, now); err != nil {
				return nil, err
			}
			if q.ReceiptMessageID == onMessage {
				return nil, nil // the reply to the click edits it
			}
			return receiptEditJob(q, now), nil
		})
		if err != nil {
			return QueueReceipt{}, err
		}
		q.Status = QuestionWithdrawn
	case QuestionWithdrawn:
	case QuestionAnswered:
		r, err := s.receipt(ctx, q)
		if err != nil {
			return QueueReceipt{}, err
		}
		return QueueReceipt{}, Errorf(ECONFLICT, "This question was already answered in office hours <t:%d:F>, so there is nothing to withdraw.", r.AnsweredAt.Unix())
	case QuestionRemoved:
		return QueueReceipt{}, Errorf(ECONFLICT, "This question is no longer in the queue, so there is nothing to withdraw.")
	default:
		return QueueReceipt{}, Errorf(ECONFLICT, "A clinician has already taken this question, so it can't be withdrawn now.")
	}
	return s.receipt(ctx, q)
}

// clip shortens s to at most n runes.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
