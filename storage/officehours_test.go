package storage

import (
	"context"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

func TestOfficeHoursStorage(t *testing.T) { bothBackends(t, testOfficeHoursStorage) }

func testOfficeHoursStorage(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	c, err := db.CreateCondition(ctx, sampleCondition("g1", "Asthma"))
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	first := bot.LocalTime{Year: 2026, Month: 12, Day: 3, Hour: 18}
	sch, err := db.CreateSchedule(ctx, bot.Schedule{GuildID: "g1", ConditionID: c.ID, First: first, Timezone: "Europe/Berlin",
		Location: loc, Duration: 45 * time.Minute, Repeat: bot.RepeatMonthly, CreatedBy: "mod", CreatedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Schedule(ctx, sch.ID)
	if err != nil || got.First != first || got.Location.String() != "Europe/Berlin" || got.Duration != 45*time.Minute || got.Repeat != bot.RepeatMonthly || got.Cancelled() {
		t.Fatalf("schedule = %+v, %v", got, err)
	}
	start := time.Date(2026, 12, 3, 17, 0, 0, 0, time.UTC)
	s := bot.OfficeSession{Session: bot.Session{GuildID: "g1", ConditionID: c.ID, ScheduleID: sch.ID, StartsAt: start, EndsAt: start.Add(45 * time.Minute)}}
	a, fresh, err := db.AddSession(ctx, s)
	if err != nil || !fresh || a.Status != bot.SessionScheduled || !a.OpenedAt.IsZero() {
		t.Fatalf("add = %+v, %v, %v", a, fresh, err)
	}
	// The same occurrence again is the same session: materializing twice is harmless.
	b, fresh, err := db.AddSession(ctx, s)
	if err != nil || fresh || b.ID != a.ID {
		t.Fatalf("add again = %+v, %v, %v", b, fresh, err)
	}
	// Status moves only from the expected status.
	at := start.Add(time.Minute)
	if ok, err := db.MoveSession(ctx, a.ID, bot.SessionOpen, bot.SessionClosed, at, "x"); err != nil || ok {
		t.Errorf("closed a session that was not open: %v %v", ok, err)
	}
	if ok, err := db.MoveSession(ctx, a.ID, bot.SessionScheduled, bot.SessionOpen, at, "doc"); err != nil || !ok {
		t.Errorf("open: %v %v", ok, err)
	}
	if ok, _ := db.MarkSessionLate(ctx, a.ID, at); !ok {
		t.Error("late not marked")
	}
	if ok, _ := db.MarkSessionLate(ctx, a.ID, at.Add(time.Minute)); ok {
		t.Error("late marked twice")
	}
	open, err := db.ConditionSessions(ctx, c.ID, time.Time{}, bot.SessionOpen)
	if err != nil || len(open) != 1 || open[0].OpenedBy != "doc" || !open[0].OpenedAt.Equal(at) {
		t.Fatalf("open sessions = %+v, %v", open, err)
	}
	// Sessions opened by hand have no schedule and never clash on (schedule, start).
	for range 2 {
		if _, fresh, err := db.AddSession(ctx, bot.OfficeSession{Session: bot.Session{GuildID: "g1", ConditionID: c.ID, StartsAt: start, EndsAt: start.Add(time.Hour)}}); err != nil || !fresh {
			t.Fatalf("ad hoc: %v %v", fresh, err)
		}
	}
	q, err := db.AddQuestion(ctx, bot.Question{GuildID: "g1", ConditionID: c.ID, UserID: "u", Text: "t", CreatedAt: start, UpdatedAt: start})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AddSessionQuestion(ctx, bot.SessionQuestion{SessionID: a.ID, QuestionID: q.ID, Position: 1}); err != nil {
		t.Fatal(err)
	}
	sq := bot.SessionQuestion{SessionID: a.ID, QuestionID: q.ID, Position: 1, Outcome: bot.OutcomeAnswered, TakenBy: "doc", TakenAt: at, DoneAt: at.Add(7 * time.Minute)}
	if err := db.SetSessionQuestionOutcome(ctx, sq); err != nil {
		t.Fatal(err)
	}
	if times, err := db.HandlingTimes(ctx, c.ID, 10); err != nil || len(times) != 1 || times[0] != 7*time.Minute {
		t.Errorf("handling times = %v, %v", times, err)
	}
	if queue, err := db.Queue(ctx, c.ID); err != nil || len(queue) != 1 || queue[0].ID != q.ID {
		t.Errorf("queue = %+v, %v", queue, err)
	}
}
