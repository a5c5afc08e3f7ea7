package bot

import (
	"context"
	"slices"
	"time"
)

// /stats shows moderators and clinicians whether office hours help, per
// condition (or the whole server) and period. Every figure is computed here,
// by plain code, from facts the store reads; the same computation feeds the
// embed, the chart, the CSV and the session report, so they always agree.
//
// What each figure counts, for a period [From, To):
//   - Asked: questions created in the period (queued by triage, /ask or a
//     moderator). Answered: those of them a clinician marked answered.
//   - Time to answer: from a question being asked to a clinician marking it
//     answered. Queue wait: from asked to a clinician taking it (or
//     answering it straight away). Both over the period's questions, as the
//     median and the 90th percentile (nearest rank: the smallest value with
//     at least 50 % or 90 % of the values at or below it).
//   - Sessions: sessions that started in the period and have ended. No-show:
//     an ended session in which no clinician took, answered or moved a
//     question, ran /queue next or wrote in the channel. Rollovers:
//     questions moved on to the next session when those sessions ended.
//   - Helpful: the askers' answers to "Was this helpful?" about the period's
//     questions; the rate is yes over those who answered.
//   - Emergencies: emergency alerts (the rules' or the LLM's) opened in the
//     period, with the time from the alert to its acknowledgement; peer
//     concerns ("I'm worried about this person") are not counted.

// StatsPeriod is a /stats period: the days before now.
type StatsPeriod struct {
	Name string // "7d"
	Days int
	// Bucket is the width of the chart's and the CSV's rows.
	Bucket time.Duration
}

// StatsPeriods are the periods /stats offers, the default first.
var StatsPeriods = []StatsPeriod{
	{Name: "30d", Days: 30, Bucket: 24 * time.Hour},
	{Name: "7d", Days: 7, Bucket: 24 * time.Hour},
	{Name: "90d", Days: 90, Bucket: 7 * 24 * time.Hour},
	{Name: "365d", Days: 365, Bucket: 7 * 24 * time.Hour},
}

// Label is the period for people in l: "the last 30 days".
func (p StatsPeriod) Label(l Lang) string { return l.Sprintf("the last %d days", p.Days) }

// StatsFacts are the rows /stats counts.
type StatsFacts struct {
	Questions []QuestionFact
	Sessions  []SessionFact
	Alerts    []AlertFact
}

// QuestionFact is what /stats needs of a question.
type QuestionFact struct {
	ID         QuestionID
	AskedAt    time.Time
	Status     QuestionStatus
	TakenAt    time.Time // the first take (or the answer, when answered untaken); zero if never
	AnsweredAt time.Time // zero unless answered
	Helpful    Helpfulness
}

// SessionFact is what /stats needs of a session.
type SessionFact struct {
	ID            SessionID
	StartsAt      time.Time
	Status        SessionStatus
	FirstActionAt time.Time
	RolledOver    int
}

// AlertFact is what /stats needs of an emergency alert.
type AlertFact struct {
	OpenedAt       time.Time
	AcknowledgedAt time.Time // zero if never
}

// StatsStore reads the facts of a period. conditionID 0 is every condition
// of the server.
type StatsStore interface {
	StatsFacts(ctx context.Context, guildID string, conditionID ConditionID, from, to time.Time) (StatsFacts, error)
}

// Figures are the outcomes of one stretch of time.
type Figures struct {
	From, To                 time.Time
	Asked, Answered          int
	AnswerMedian, AnswerP90  time.Duration
	WaitMedian, WaitP90      time.Duration
	Sessions, NoShows        int
	Rollovers                int
	HelpfulYes, HelpfulNo    int
	Emergencies, Unacked     int
	AckMedian, AckP90        time.Duration
	answerTimes, waits, acks []time.Duration
}

// WaitCount is how many questions the queue waits measure: those a
// clinician took or answered.
func (f Figures) WaitCount() int { return len(f.waits) }

// HelpfulRate is the share of yes among the askers who answered, and false
// when nobody answered.
func (f Figures) HelpfulRate() (float64, bool) {
	n := f.HelpfulYes + f.HelpfulNo
	if n == 0 {
		return 0, false
	}
	return float64(f.HelpfulYes) / float64(n), true
}

// Stats is /stats's answer: the period's figures, and the same figures per
// day (or week) for the chart and the CSV.
type Stats struct {
	GuildID   string
	Condition string // "" for the whole server
	Period    StatsPeriod
	Total     Figures
	Buckets   []Figures
}

// Percentile is the nearest-rank percentile p (0 < p ≤ 100) of sorted
// values: the smallest value with at least p % of the values at or below
// it. It is 0 for no values.
func Percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 · n)
	return sorted[max(rank, 1)-1]
}

// ComputeFigures counts the facts that fall in [from, to).
func ComputeFigures(facts StatsFacts, from, to time.Time) Figures {
	f := Figures{From: from, To: to}
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	for _, q := range facts.Questions {
		if !in(q.AskedAt) {
			continue
		}
		f.Asked++
		if q.Status == QuestionAnswered && !q.AnsweredAt.IsZero() {
			f.Answered++
			f.answerTimes = append(f.answerTimes, q.AnsweredAt.Sub(q.AskedAt))
		}
		if !q.TakenAt.IsZero() {
			f.waits = append(f.waits, q.TakenAt.Sub(q.AskedAt))
		}
		switch q.Helpful {
		case HelpfulYes:
			f.HelpfulYes++
		case HelpfulNo:
			f.HelpfulNo++
		}
	}
	for _, s := range facts.Sessions {
		if !in(s.StartsAt) || s.Status != SessionClosed {
			continue
		}
		f.Sessions++
		if s.FirstActionAt.IsZero() {
			f.NoShows++
		}
		f.Rollovers += s.RolledOver
	}
	for _, a := range facts.Alerts {
		if !in(a.OpenedAt) {
			continue
		}
		f.Emergencies++
		if a.AcknowledgedAt.IsZero() {
			f.Unacked++
			continue
		}
		f.acks = append(f.acks, a.AcknowledgedAt.Sub(a.OpenedAt))
	}
	for _, d := range [][]time.Duration{f.answerTimes, f.waits, f.acks} {
		slices.Sort(d)
	}
	f.AnswerMedian, f.AnswerP90 = Percentile(f.answerTimes, 50), Percentile(f.answerTimes, 90)
	f.WaitMedian, f.WaitP90 = Percentile(f.waits, 50), Percentile(f.waits, 90)
	f.AckMedian, f.AckP90 = Percentile(f.acks, 50), Percentile(f.acks, 90)
	return f
}

// ComputeStats computes a period's figures ending at to, and its buckets
// (the last one ends at to).
func ComputeStats(facts StatsFacts, p StatsPeriod, to time.Time) Stats {
	from := to.AddDate(0, 0, -p.Days)
	st := Stats{Period: p, Total: ComputeFigures(facts, from, to)}
	for start := from; start.Before(to); start = start.Add(p.Bucket) {
		st.Buckets = append(st.Buckets, ComputeFigures(facts, start, minTime(start.Add(p.Bucket), to)))
	}
	return st
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// StatsPeriodNamed finds a period by name; "" is the default.
func StatsPeriodNamed(name string) (StatsPeriod, error) {
	if name == "" {
		return StatsPeriods[0], nil
	}
	for _, p := range StatsPeriods {
		if p.Name == name {
			return p, nil
		}
	}
	return StatsPeriod{}, Errorf(EINVALID, "%q is not a period I know: choose 7d, 30d, 90d or 365d.", name)
}

// AuditStatsViewed records who looked at /stats.
const AuditStatsViewed AuditAction = "stats.viewed"

// Stats answers /stats: moderators and clinicians only. condition "" is the
// whole server.
func (s *Service) Stats(ctx context.Context, c Caller, condition, period string) (Stats, error) {
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return Stats{}, err
	}
	if !settings.Allows(c, Staff) {
		return Stats{}, settings.Refusal(Staff)
	}
	p, err := StatsPeriodNamed(period)
	if err != nil {
		return Stats{}, err
	}
	var cond Condition
	if condition != "" {
		if cond, err = s.condition(ctx, c.GuildID, condition); err != nil {
			return Stats{}, err
		}
	}
	st, err := s.stats(ctx, c.GuildID, cond, p)
	if err != nil {
		return Stats{}, err
	}
	if err := s.audit(ctx, s.store, AuditEntry{GuildID: c.GuildID, ActorID: c.UserID, Action: AuditStatsViewed,
		Target: auditTarget("condition", cond.ID), Detail: auditDetail("period", p.Name)}); err != nil {
		return Stats{}, err
	}
	return st, nil
}

func (s *Service) stats(ctx context.Context, guildID string, cond Condition, p StatsPeriod) (Stats, error) {
	to := s.now().UTC().Truncate(time.Second)
	facts, err := s.store.StatsFacts(ctx, guildID, cond.ID, to.AddDate(0, 0, -p.Days), to)
	if err != nil {
		return Stats{}, err
	}
	st := ComputeStats(facts, p, to)
	st.GuildID, st.Condition = guildID, cond.Name
	return st, nil
}
