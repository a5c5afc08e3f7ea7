package bot_test

import (
	"slices"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/calendar"
)

// withRules gives the world's service the rule parser cmd/peerhours wires.
func (w *world) withRules() {
	w.svc = bot.NewService(w.db, w.d, bot.WithClock(w.clock.Now), bot.WithRecurrence(calendar.Parse))
}

func reminders(w *world, user string) []bot.SessionReminder {
	var out []bot.SessionReminder
	for _, n := range w.d.DMsTo(user) {
		if r, ok := n.(bot.SessionReminder); ok {
			out = append(out, r)
		}
	}
	return out
}

// The clinician is reminded 24 hours and 15 minutes before each session,
// as instants: the Sunday session after Berlin's clocks go forward (28
// March 2027) starts at 18:00 CEST, 16:00 UTC, so its day-before reminder
// comes at 16:00 UTC on the Saturday, 17:00 on Berlin's clock.
func TestRemindersAcrossDaylightSaving(t *testing.T) {
	w := newWorld(t)
	w.clock.Set(time.Date(2027, 3, 15, 9, 0, 0, 0, time.UTC))
	w.verified(doc)
	c := w.condition("Diabetes")
	w.ask(c, "p1", "What should I ask about my HbA1c result?", false)
	res, err := w.svc.ScheduleOfficeHours(w.ctx, w.mod, bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2027-03-21 18:00"),
		Timezone: "Europe/Berlin", Minutes: 60, Repeat: bot.RepeatWeekly, Clinician: &doc})
	if err != nil {
		t.Fatal(err)
	}
	if res.ClinicianVerified != "Ontario" {
		t.Errorf("ClinicianVerified = %q", res.ClinicianVerified)
	}
	instants := []time.Time{
		time.Date(2027, 3, 20, 17, 0, 0, 0, time.UTC),  // 24 h before 18:00 CET
		time.Date(2027, 3, 21, 16, 45, 0, 0, time.UTC), // 15 min before
		time.Date(2027, 3, 27, 16, 0, 0, 0, time.UTC),  // 24 h before 18:00 CEST
		time.Date(2027, 3, 28, 15, 45, 0, 0, time.UTC),
	}
	for i, at := range instants {
		w.until(at.Add(-time.Second))
		if n := len(reminders(w, doc.UserID)); n != i {
			t.Fatalf("%d reminders a second before %s, want %d", n, at, i)
		}
		w.until(at)
		got := reminders(w, doc.UserID)
		if len(got) != i+1 {
			t.Fatalf("%d reminders at %s, want %d", len(got), at, i+1)
		}
		r := got[i]
		if r.Waiting != 1 || r.Verified != "Ontario" || r.Condition != "Diabetes" || !r.StartsAt.Add(-r.Before).Equal(at) {
			t.Errorf("reminder %d = %+v", i, r)
		}
		if i == 1 {
			// The first session runs, and closes on its own.
			w.until(res.Sessions[0].EndsAt)
		}
	}
	// A cancelled session reminds nobody.
	sessions, _ := w.db.ScheduleSessions(w.ctx, res.Schedule.ID)
	if _, err := w.svc.CancelSessions(w.ctx, w.mod, sessions[2].ID, false); err != nil {
		t.Fatal(err)
	}
	w.until(sessions[2].StartsAt)
	if n := len(reminders(w, doc.UserID)); n != 4 {
		t.Errorf("%d reminders after a cancelled session, want 4", n)
	}
}

func TestScheduleByRule(t *testing.T) {
	w := newWorld(t)
	w.withRules()
	c := w.condition("Diabetes")
	req := bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-12-01 18:00"), Timezone: "America/New_York", Minutes: 60,
		Repeat: bot.RepeatNone, Rule: "FREQ=WEEKLY;BYDAY=TU,TH"}
	for _, tc := range []struct {
		name string
		f    func(*bot.ScheduleRequest)
		code string
	}{
		{"rule and repeat", func(r *bot.ScheduleRequest) { r.Repeat = bot.RepeatWeekly }, bot.EINVALID},
		{"a start the rule skips", func(r *bot.ScheduleRequest) { r.Start = lt("2026-12-02 18:00") }, bot.EINVALID},
		{"hourly", func(r *bot.ScheduleRequest) { r.Rule = "FREQ=HOURLY" }, bot.EINVALID},
		{"twice a day", func(r *bot.ScheduleRequest) { r.Rule = "FREQ=DAILY;BYHOUR=9,18" }, bot.EINVALID},
	} {
		bad := req
		tc.f(&bad)
		if _, err := w.svc.ScheduleOfficeHours(w.ctx, w.mod, bad); bot.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	res, err := w.svc.ScheduleOfficeHours(w.ctx, w.mod, req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Schedule.Repeat != bot.RepeatRule || res.Schedule.Rule != "FREQ=WEEKLY;BYDAY=TU,TH" {
		t.Errorf("schedule = %+v", res.Schedule)
	}
	ny, _ := time.LoadLocation("America/New_York")
	var days []string
	for _, s := range res.Sessions[:4] {
		days = append(days, s.StartsAt.In(ny).Format("Mon 01-02 15:04"))
	}
	if want := []string{"Tue 12-01 18:00", "Thu 12-03 18:00", "Tue 12-08 18:00", "Thu 12-10 18:00"}; !slices.Equal(days, want) {
		t.Errorf("sessions = %v, want %v", days, want)
	}
	// An overlapping preset is refused across the two kinds.
	if _, err := w.svc.ScheduleOfficeHours(w.ctx, w.mod, bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-12-17 18:30"),
		Timezone: "America/New_York", Minutes: 60, Repeat: bot.RepeatNone}); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Errorf("an overlap with a rule's session: %v", err)
	}
	// After a session closes, the rule's later sessions keep coming.
	last := res.Sessions[len(res.Sessions)-1]
	w.until(last.EndsAt.Add(time.Minute))
	later, _ := w.db.ConditionSessions(w.ctx, c.ID, w.clock.Now(), bot.SessionScheduled)
	if len(later) == 0 {
		t.Fatal("no sessions after the first month")
	}
	if wd := later[0].StartsAt.In(ny).Weekday(); wd != time.Tuesday && wd != time.Thursday {
		t.Errorf("sessions after the first month: %+v", later)
	}
}

// A clinician's feed: their schedules with RRULE and the cancelled
// occurrence as EXDATE; a new link ends the old one; revoke ends it.
func TestCalendarFeed(t *testing.T) {
	w := newWorld(t)
	w.verified(doc)
	w.condition("Diabetes")
	if _, err := w.svc.IssueCalendarFeed(w.ctx, bot.Caller{UserID: "p1", GuildID: guild}, false, true); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("a patient got a feed: %v", err)
	}
	res, err := w.svc.ScheduleOfficeHours(w.ctx, w.mod, bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-12-01 18:00"),
		Timezone: "Europe/Berlin", Minutes: 45, Repeat: bot.RepeatWeekly, Clinician: &doc})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.CancelSessions(w.ctx, w.mod, res.Sessions[1].ID, false); err != nil {
		t.Fatal(err)
	}
	token, err := w.svc.IssueCalendarFeed(w.ctx, doc, false, true)
	if err != nil || len(token) < 30 {
		t.Fatalf("token %q, %v", token, err)
	}
	cal, err := w.svc.CalendarFor(w.ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Events) != 1 {
		t.Fatalf("events = %+v", cal.Events)
	}
	ev := cal.Events[0]
	if ev.RRule != "FREQ=WEEKLY" || ev.Timezone != "Europe/Berlin" || ev.Start != lt("2026-12-01 18:00") || ev.Duration != 45*time.Minute ||
		!slices.Equal(ev.ExDates, []bot.LocalTime{lt("2026-12-08 18:00")}) || ev.Sequence != 1 || ev.Cancelled {
		t.Errorf("event = %+v", ev)
	}
	if _, err := w.svc.CalendarFor(w.ctx, token+"x"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("a wrong token: %v", err)
	}
	again, err := w.svc.IssueCalendarFeed(w.ctx, doc, false, true)
	if err != nil || again == token {
		t.Fatalf("a new link: %q, %v", again, err)
	}
	if _, err := w.svc.CalendarFor(w.ctx, token); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("the replaced link still works: %v", err)
	}
	if _, err := w.svc.IssueCalendarFeed(w.ctx, doc, true, true); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.CalendarFor(w.ctx, again); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("the revoked link still works: %v", err)
	}
	// The whole series cancelled: it ends at the cancellation.
	if _, err := w.svc.CancelSessions(w.ctx, w.mod, res.Sessions[2].ID, true); err != nil {
		t.Fatal(err)
	}
	third, _ := w.svc.IssueCalendarFeed(w.ctx, doc, false, true)
	cal, _ = w.svc.CalendarFor(w.ctx, third)
	if len(cal.Events) != 1 || cal.Events[0].RRule != "FREQ=WEEKLY;UNTIL="+w.clock.Now().UTC().Format("20060102T150405Z") {
		t.Errorf("after the series was cancelled: %+v", cal.Events)
	}
}
