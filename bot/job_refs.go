package bot

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// A job's reference (Job.Ref, Job.RefText) is stored as a number and a
// text; what they hold depends on the kind. Each kind is therefore a
// constant of one of the types below, by what it refers to: its job method
// is the only way to make such a job, and its runs method the only way the
// table in job_kinds.go reads one back, so the two agree on the types.

// rowJob is a kind of job on one row: Ref is its ID.
type rowJob[ID ~int64] string

// job is k's job on the row id, due at due. Its key is the kind, the ID
// and keyParts, which tell apart the jobs of a kind on the same row.
func (k rowJob[ID]) job(id ID, due time.Time, keyParts ...any) Job {
	return Job{Kind: string(k), Key: k.key(id, keyParts...), Ref: int64(id), DueAt: due}
}

// key is the key job gives the same arguments.
func (k rowJob[ID]) key(id ID, keyParts ...any) string {
	return jobKey(string(k), append([]any{int64(id)}, keyParts...)...)
}

func (k rowJob[ID]) runs(f func(*Service, context.Context, ID) error, p retryPolicy) jobKind {
	return jobKind{name: string(k), retry: p, run: func(s *Service, ctx context.Context, j Job) error {
		return f(s, ctx, ID(j.Ref))
	}}
}

// crisisReplyJob is the crisis reply's kind: Ref is the alert, RefText the
// language the person wrote in ("" when not known: the server's). Its key
// is a rowJob's, so one alert has one reply.
type crisisReplyJob string

func (k crisisReplyJob) job(id AlertID, lang string, due time.Time) Job {
	return Job{Kind: string(k), Key: jobKey(string(k), int64(id)), Ref: int64(id), RefText: lang, DueAt: due}
}

func (k crisisReplyJob) runs(f func(*Service, context.Context, AlertID, string) error, p retryPolicy) jobKind {
	return jobKind{name: string(k), retry: p, run: func(s *Service, ctx context.Context, j Job) error {
		return f(s, ctx, AlertID(j.Ref), j.RefText)
	}}
}

// rowNumberJob is a kind of job on one row with a number: Ref is the row,
// RefText the number (days, minutes, a status).
type rowNumberJob[ID ~int64, N ~int] string

func (k rowNumberJob[ID, N]) job(id ID, n N, due time.Time) Job {
	return Job{Kind: string(k), Key: jobKey(string(k), int64(id), int(n)), Ref: int64(id),
		RefText: strconv.Itoa(int(n)), DueAt: due}
}

func (k rowNumberJob[ID, N]) runs(f func(*Service, context.Context, ID, N) error, p retryPolicy) jobKind {
	return jobKind{name: string(k), retry: p, run: func(s *Service, ctx context.Context, j Job) error {
		n, err := strconv.Atoi(j.RefText)
		if err != nil {
			return Errorf(EINVALID, "%s job %d without its number", j.Kind, j.ID)
		}
		return f(s, ctx, ID(j.Ref), N(n))
	}}
}

// sessionQuestionJob is a kind of job on a question in a session: Ref is
// the question, RefText the session.
type sessionQuestionJob string

func (k sessionQuestionJob) job(sessionID SessionID, questionID QuestionID, due time.Time, keyParts ...any) Job {
	return Job{Kind: string(k), Key: jobKey(string(k), append([]any{int64(sessionID), int64(questionID)}, keyParts...)...),
		Ref: int64(questionID), RefText: strconv.FormatInt(int64(sessionID), 10), DueAt: due}
}

func (k sessionQuestionJob) runs(f func(s *Service, ctx context.Context, sessionID SessionID, questionID QuestionID) error, p retryPolicy) jobKind {
	return jobKind{name: string(k), retry: p, run: func(s *Service, ctx context.Context, j Job) error {
		sid, err := strconv.ParseInt(j.RefText, 10, 64)
		if err != nil {
			return Errorf(EINVALID, "%s job %d without its session", j.Kind, j.ID)
		}
		return f(s, ctx, SessionID(sid), QuestionID(j.Ref))
	}}
}

// messageJob is a kind of job on a Discord message: RefText is its ID.
type messageJob string

func (k messageJob) job(messageID string, due time.Time, keyParts ...any) Job {
	return Job{Kind: string(k), Key: k.key(messageID, keyParts...), RefText: messageID, DueAt: due}
}

// key is the key job gives the same arguments.
func (k messageJob) key(messageID string, keyParts ...any) string {
	return jobKey(string(k), append([]any{messageID}, keyParts...)...)
}

func (k messageJob) runs(f func(*Service, context.Context, string) error, p retryPolicy) jobKind {
	return jobKind{name: string(k), retry: p, run: func(s *Service, ctx context.Context, j Job) error {
		return f(s, ctx, j.RefText)
	}}
}

// backstopJob is the kind of job on an AutoMod firing: RefText holds its
// IDs, the key its message.
type backstopJob string

func (k backstopJob) job(f BackstopFiring, due time.Time) Job {
	ref := strings.Join([]string{f.GuildID, f.ChannelID, f.ParentID, f.MessageID, f.UserID, f.AlertChannelID, f.AlertMessageID}, ":")
	return Job{Kind: string(k), Key: jobKey(string(k), f.MessageID), RefText: ref, DueAt: due}
}

func (k backstopJob) runs(f func(*Service, context.Context, BackstopFiring) error, p retryPolicy) jobKind {
	return jobKind{name: string(k), retry: p, run: func(s *Service, ctx context.Context, j Job) error {
		ids := strings.Split(j.RefText, ":")
		if len(ids) != 7 {
			return Errorf(EINVALID, "%s job %d: malformed reference", j.Kind, j.ID)
		}
		return f(s, ctx, BackstopFiring{GuildID: ids[0], ChannelID: ids[1], ParentID: ids[2], MessageID: ids[3],
			UserID: ids[4], AlertChannelID: ids[5], AlertMessageID: ids[6]})
	}}
}

// digestJob is the kind of job on a condition's daily digest: Ref is the
// condition, RefText the digest's time of day ("HH:MM") when it was
// planned, so that a digest since moved can tell the job is stale.
type digestJob string

func (k digestJob) job(d Digest, due time.Time) Job {
	return Job{Kind: string(k), Key: jobKey(string(k), int64(d.ConditionID), due.Unix()), Ref: int64(d.ConditionID),
		RefText: d.At, DueAt: due}
}

func (k digestJob) runs(f func(s *Service, ctx context.Context, conditionID ConditionID, at string) error, p retryPolicy) jobKind {
	return jobKind{name: string(k), retry: p, run: func(s *Service, ctx context.Context, j Job) error {
		return f(s, ctx, ConditionID(j.Ref), j.RefText)
	}}
}

// periodicJob is a kind of job on nothing in particular (the whole
// database): it has no reference, and its key names its period.
type periodicJob string

func (k periodicJob) job(due time.Time, keyParts ...any) Job {
	return Job{Kind: string(k), Key: jobKey(string(k), keyParts...), DueAt: due}
}

func (k periodicJob) runs(f func(*Service, context.Context) error, p retryPolicy) jobKind {
	return jobKind{name: string(k), retry: p, run: func(s *Service, ctx context.Context, _ Job) error {
		return f(s, ctx)
	}}
}
