package bot_test

import (
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

func TestPercentile(t *testing.T) {
	m := func(n ...int) []time.Duration {
		out := make([]time.Duration, len(n))
		for i, v := range n {
			out[i] = time.Duration(v) * time.Minute
		}
		return out
	}
	for _, tc := range []struct {
		values   []time.Duration
		p50, p90 time.Duration
	}{
		{nil, 0, 0},
		{m(7), 7 * time.Minute, 7 * time.Minute},
		{m(10, 20), 10 * time.Minute, 20 * time.Minute},
		{m(10, 20, 30), 20 * time.Minute, 30 * time.Minute},
		{m(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 5 * time.Minute, 9 * time.Minute},
		{m(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 6 * time.Minute, 10 * time.Minute},
	} {
		if got := bot.Percentile(tc.values, 50); got != tc.p50 {
			t.Errorf("p50 of %v = %v, want %v", tc.values, got, tc.p50)
		}
		if got := bot.Percentile(tc.values, 90); got != tc.p90 {
			t.Errorf("p90 of %v = %v, want %v", tc.values, got, tc.p90)
		}
	}
}

// Each figure counts only what falls in the period, as documented.
func TestComputeFigures(t *testing.T) {
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 0, 7)
	at := func(h int) time.Time { return from.Add(time.Duration(h) * time.Hour) }
	facts := bot.StatsFacts{
		Questions: []bot.QuestionFact{
			{AskedAt: at(-1), Status: bot.QuestionAnswered, TakenAt: at(1), AnsweredAt: at(2), Helpful: bot.HelpfulYes}, // before
			{AskedAt: at(1), Status: bot.QuestionAnswered, TakenAt: at(2), AnsweredAt: at(3), Helpful: bot.HelpfulYes},
			{AskedAt: at(2), Status: bot.QuestionAnswered, TakenAt: at(5), AnsweredAt: at(7), Helpful: bot.HelpfulNo},
			{AskedAt: at(3), Status: bot.QuestionAnswered, TakenAt: at(4), AnsweredAt: at(13), Helpful: bot.HelpfulUnanswered},
			{AskedAt: at(4), Status: bot.QuestionQueued, Helpful: bot.HelpfulUnanswered},
			{AskedAt: at(5), Status: bot.QuestionQueued, TakenAt: at(6), Helpful: bot.HelpfulUnanswered}, // taken, then moved
			{AskedAt: at(24 * 7), Status: bot.QuestionQueued, Helpful: bot.HelpfulUnanswered},            // at the end: outside
		},
		Sessions: []bot.SessionFact{
			{StartsAt: at(10), Status: bot.SessionClosed, FirstActionAt: at(10), RolledOver: 2},
			{StartsAt: at(34), Status: bot.SessionClosed, RolledOver: 1},
			{StartsAt: at(58), Status: bot.SessionCancelled},
			{StartsAt: at(82), Status: bot.SessionScheduled},
		},
		Alerts: []bot.AlertFact{
			{OpenedAt: at(1), AcknowledgedAt: at(1).Add(2 * time.Minute)},
			{OpenedAt: at(2), AcknowledgedAt: at(2).Add(10 * time.Minute)},
			{OpenedAt: at(3)},
		},
	}
	f := bot.ComputeFigures(facts, from, to)
	want := bot.Figures{From: from, To: to, Asked: 5, Answered: 3,
		AnswerMedian: 5 * time.Hour, AnswerP90: 10 * time.Hour, WaitMedian: time.Hour, WaitP90: 3 * time.Hour,
		Sessions: 2, NoShows: 1, Rollovers: 3, HelpfulYes: 1, HelpfulNo: 1,
		Emergencies: 3, Unacked: 1, AckMedian: 2 * time.Minute, AckP90: 10 * time.Minute}
	got := f
	if got.From != want.From || got.To != want.To || got.Asked != want.Asked || got.Answered != want.Answered ||
		got.AnswerMedian != want.AnswerMedian || got.AnswerP90 != want.AnswerP90 || got.WaitMedian != want.WaitMedian ||
		got.WaitP90 != want.WaitP90 || got.Sessions != want.Sessions || got.NoShows != want.NoShows ||
		got.Rollovers != want.Rollovers || got.HelpfulYes != want.HelpfulYes || got.HelpfulNo != want.HelpfulNo ||
		got.Emergencies != want.Emergencies || got.Unacked != want.Unacked || got.AckMedian != want.AckMedian || got.AckP90 != want.AckP90 {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if f.WaitCount() != 4 {
		t.Errorf("wait count %d", f.WaitCount())
	}
	if rate, ok := f.HelpfulRate(); !ok || rate != 0.5 {
		t.Errorf("helpful rate %v %v", rate, ok)
	}
	st := bot.ComputeStats(facts, bot.StatsPeriod{Name: "7d", Days: 7, Bucket: 24 * time.Hour}, to)
	if len(st.Buckets) != 7 || st.Buckets[0].Asked != 5 || st.Buckets[6].To != to || st.Total.Asked != 5 {
		t.Errorf("buckets: %d, first %+v", len(st.Buckets), st.Buckets[0])
	}
}
