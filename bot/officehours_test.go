package bot_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
)

var (
	doc   = bot.Caller{UserID: "doc1", GuildID: guild, RoleIDs: []string{"docrole"}}
	nurse = bot.Caller{UserID: "doc2", GuildID: guild, RoleIDs: []string{"docrole"}}
)

// schedule stores a schedule through the service, failing the test on a
// refusal.
func (w *world) schedule(c bot.Condition, start string, minutes int, repeat bot.Repeat) bot.ScheduleResult {
	w.t.Helper()
	res, err := w.svc.ScheduleOfficeHours(w.ctx, w.mod, bot.ScheduleRequest{Condition: c.Name, Start: lt(start),
		Timezone: "UTC", Minutes: minutes, Repeat: repeat})
	if err != nil {
		w.t.Fatal(err)
	}
	return res
}

// ask queues a question with /ask as a member of the condition.
func (w *world) ask(c bot.Condition, user, text string, anonymous bool) bot.Question {
	w.t.Helper()
	r, err := w.svc.Ask(w.ctx, bot.Caller{UserID: user, GuildID: guild, RoleIDs: []string{c.RoleID}}, c.Name, text, anonymous)
	if err != nil || r.Emergency {
		w.t.Fatalf("ask: %+v, %v", r, err)
	}
	q, err := w.db.Question(w.ctx, r.Receipt.QuestionID)
	if err != nil {
		w.t.Fatal(err)
	}
	return q
}

func (w *world) run() {
	w.t.Helper()
	for range 10 {
		n, err := w.svc.RunDueJobs(w.ctx)
		if err != nil {
			w.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func (w *world) until(t time.Time) {
	w.t.Helper()
	w.clock.Set(t)
	w.run()
}

func memberLevel(access []bot.Access, roleID string) bot.Level {
	for _, a := range access {
		if a.RoleID == roleID {
			return a.Level
		}
	}
	return -1
}

func TestScheduleRefusals(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	archived := w.condition("Asthma")
	if _, err := w.svc.ArchiveCondition(w.ctx, w.mod, "Asthma"); err != nil {
		t.Fatal(err)
	}
	w.schedule(c, "2026-12-01 18:00", 60, bot.RepeatWeekly) // Tuesdays 18:00–19:00 UTC
	patient := bot.Caller{UserID: "pat", GuildID: guild}
	for _, tc := range []struct {
		name string
		req  bot.ScheduleRequest
		code string
		says string
	}{
		{"past", bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-11-26 11:00"), Timezone: "UTC", Minutes: 60, Repeat: bot.RepeatNone}, bot.EINVALID, "in the past"},
		{"unknown zone", bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-12-02 18:00"), Timezone: "Mars/Olympus", Minutes: 60, Repeat: bot.RepeatNone}, bot.EINVALID, "time zone"},
		{"overlap", bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-12-15 18:30"), Timezone: "UTC", Minutes: 60, Repeat: bot.RepeatNone}, bot.ECONFLICT, "overlaps"},
		// 13:30 in New York is 18:30 UTC in winter: the same clash in another zone.
		{"overlap across zones", bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-12-08 13:30"), Timezone: "America/New_York", Minutes: 30, Repeat: bot.RepeatMonthly}, bot.ECONFLICT, "overlaps"},
		{"too short", bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-12-02 18:00"), Timezone: "UTC", Minutes: 10, Repeat: bot.RepeatNone}, bot.EINVALID, "15 to 240"},
		{"too long", bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-12-02 18:00"), Timezone: "UTC", Minutes: 241, Repeat: bot.RepeatNone}, bot.EINVALID, "15 to 240"},
		{"bad repeat", bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-12-02 18:00"), Timezone: "UTC", Minutes: 60, Repeat: "daily"}, bot.EINVALID, "Repeat"},
		{"no such date", bot.ScheduleRequest{Condition: "Diabetes", Start: bot.LocalTime{Year: 2027, Month: 2, Day: 30, Hour: 18}, Timezone: "UTC", Minutes: 60, Repeat: bot.RepeatNone}, bot.EINVALID, "not a date"},
		{"not a clinician", bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-12-02 18:00"), Timezone: "UTC", Minutes: 60, Repeat: bot.RepeatNone, Clinician: &patient}, bot.EINVALID, "clinician role"},
		{"unknown condition", bot.ScheduleRequest{Condition: "Gout", Start: lt("2026-12-02 18:00"), Timezone: "UTC", Minutes: 60, Repeat: bot.RepeatNone}, bot.ENOTFOUND, "no condition"},
		{"archived", bot.ScheduleRequest{Condition: archived.Name, Start: lt("2026-12-02 18:00"), Timezone: "UTC", Minutes: 60, Repeat: bot.RepeatNone}, bot.ECONFLICT, "archived"},
	} {
		events := w.d.EventCount()
		_, err := w.svc.ScheduleOfficeHours(w.ctx, w.mod, tc.req)
		if bot.ErrorCode(err) != tc.code || !strings.Contains(bot.ErrorMessage(err), tc.says) {
			t.Errorf("%s: err = %v, want %s saying %q", tc.name, err, tc.code, tc.says)
		}
		if w.d.EventCount() != events {
			t.Errorf("%s: an event was created", tc.name)
		}
	}
	if list, _ := w.db.ConditionSchedules(w.ctx, c.ID); len(list) != 1 {
		t.Errorf("%d schedules stored, want only the first", len(list))
	}
	// Right after the first ends, and with a clinician who has the role, is fine.
	if _, err := w.svc.ScheduleOfficeHours(w.ctx, w.mod, bot.ScheduleRequest{Condition: "diabetes", Start: lt("2026-12-01 19:00"),
		Timezone: "UTC", Minutes: 30, Repeat: bot.RepeatNone, Clinician: &doc}); err != nil {
		t.Errorf("adjacent session refused: %v", err)
	}
}

// When a question from a message is answered, its receipt is edited to
// say so and to link the thread where the answer is.
func TestAnsweredReceiptLinksTheThread(t *testing.T) {
	w := newWorld(t)
	w.verified(doc)
	c := w.condition("Diabetes")
	res := w.schedule(c, "2026-12-01 18:00", 60, bot.RepeatNone)
	m := w.post(c, "pat", "should I change my insulin dose after a hypo?")
	q, err := w.db.QuestionBySource(w.ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.until(res.Sessions[0].StartsAt)
	took, err := w.svc.TakeQuestion(w.ctx, doc, res.Sessions[0].ID, q.ID)
	if err != nil || took.ThreadID == "" {
		t.Fatalf("take = %+v, %v", took, err)
	}
	if _, err := w.svc.AnswerQuestion(w.ctx, doc, res.Sessions[0].ID, q.ID); err != nil {
		t.Fatal(err)
	}
	w.run()
	var last *bot.QueueReceipt
	for _, e := range w.d.Edits {
		if r, ok := e.Notice.(bot.QueueReceipt); ok && r.QuestionID == q.ID {
			last = &r
		}
	}
	if last == nil || last.Status != bot.QuestionAnswered || last.ThreadID != took.ThreadID {
		t.Errorf("the receipt's last edit = %+v, want answered in thread %s", last, took.ThreadID)
	}
}

// The same /ask sent twice (a double submit, or two at once) queues the
// question once, and the second answer says so. The same words after the
// first was answered are a new question.
func TestAskTwiceQueuesOnce(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	pat := bot.Caller{UserID: "pat", GuildID: guild, RoleIDs: []string{c.RoleID}}
	const text = "Can I take ibuprofen with metformin?"
	results := make(chan bot.AskResult, 4)
	errs := make(chan error, 4)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := w.svc.Ask(w.ctx, pat, "Diabetes", text, false)
			results <- r
			errs <- err
		}()
	}
	wg.Wait()
	close(results)
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	ids, already := map[bot.QuestionID]bool{}, 0
	for r := range results {
		ids[r.Receipt.QuestionID] = true
		if r.Already {
			already++
		}
	}
	if q, _ := w.db.Queue(w.ctx, c.ID); len(q) != 1 || len(ids) != 1 || already != 3 {
		t.Errorf("4 submissions: %d queued, %d receipts, %d said already queued; want 1, 1, 3", len(q), len(ids), already)
	}
	// another question, or another person's, is its own
	if r, err := w.svc.Ask(w.ctx, pat, "Diabetes", text+" And with aspirin?", false); err != nil || r.Already {
		t.Errorf("a different question: %+v, %v", r, err)
	}
	other := bot.Caller{UserID: "pat2", GuildID: guild, RoleIDs: []string{c.RoleID}}
	if r, err := w.svc.Ask(w.ctx, other, "Diabetes", text, false); err != nil || r.Already {
		t.Errorf("another member's: %+v, %v", r, err)
	}
	if q, _ := w.db.Queue(w.ctx, c.ID); len(q) != 3 {
		t.Errorf("%d queued, want 3", len(q))
	}
}

// The reply to a schedule says what happened to its events: the failure
// Discord gave when one was refused while the schedule was made, and
// nothing at all about events still on their way.
func TestScheduleReportsWhatHappenedToItsEvents(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	res := w.schedule(c, "2026-12-01 18:00", 60, bot.RepeatWeekly)
	if res.EventFailure != nil || res.Sessions[0].EventID == "" {
		t.Fatalf("events created: failure %v, first event %q", res.EventFailure, res.Sessions[0].EventID)
	}
	a := w.condition("Asthma")
	w.d.FailNext("CreateEvent", errors.New("create the Discord event for office hours: 502 Bad Gateway"))
	res = w.schedule(a, "2026-12-02 18:00", 60, bot.RepeatWeekly)
	if res.EventFailure == nil || !strings.Contains(res.EventFailure.Error(), "502") {
		t.Errorf("a refused event: failure = %v", res.EventFailure)
	}
	missing := 0
	for _, s := range res.Sessions {
		if s.EventID == "" {
			missing++
		}
	}
	if missing != 1 {
		t.Errorf("%d sessions without an event, want the one refused", missing)
	}
	// the failed event is retried by the runner
	w.until(w.clock.Now().Add(time.Minute))
	if got, _ := w.db.ScheduleSessions(w.ctx, res.Schedule.ID); got[0].EventID == "" {
		t.Error("the refused event was not created on the retry")
	}
}

func TestScheduleCreatesSessionsEventsAndReceiptsNameThem(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	q := w.ask(c, "pat", "Can I take ibuprofen with metformin?", false)
	if n := bottest.Notices[bot.NoSessionNotice](w.d); len(n) != 1 {
		t.Fatalf("no-session notices before scheduling: %d", len(n))
	}
	res, err := w.svc.ScheduleOfficeHours(w.ctx, w.mod, bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-12-01 18:00"),
		Timezone: "America/New_York", Minutes: 60, Repeat: bot.RepeatWeekly, Clinician: &doc})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Start.Equal(utc("2026-12-01 23:00")) || res.Resolution != bot.Exact {
		t.Errorf("start = %s (%v)", res.Start, res.Resolution)
	}
	// Tuesdays 1, 8, 15, 22 December: those starting within 30 days, each
	// with an external event at the office-hours channel.
	if len(res.Sessions) != 4 {
		t.Fatalf("%d sessions stored ahead, want 4: %+v", len(res.Sessions), res.Sessions)
	}
	for _, s := range res.Sessions {
		ev, ok := w.d.Event(s.EventID)
		if !ok || ev.Status != bot.EventScheduled || !ev.Spec.Start.Equal(s.StartsAt) || !ev.Spec.End.Equal(s.EndsAt) ||
			!strings.HasSuffix(ev.Spec.Location, "/"+c.OfficeChannelID) || !strings.Contains(ev.Spec.Description, "<@doc1>") {
			t.Errorf("session %d event = %+v, %v", s.ID, ev, ok)
		}
	}
	next, ok, err := w.db.NextSession(w.ctx, c.ID, w.clock.Now())
	if err != nil || !ok || next.ID != res.Sessions[0].ID {
		t.Fatalf("NextSession = %+v, %v, %v", next, ok, err)
	}
	// New questions now name the session in their receipt, and moderators
	// are not told that none is scheduled.
	w.clock.Advance(24 * time.Hour)
	m := w.post(c, "pat2", "should I change my insulin dose after a hypo?")
	receipts := bottest.Notices[bot.QueueReceipt](w.d)
	if last := receipts[len(receipts)-1]; last.ReplyTo != m.ID || !last.NextSession.Equal(res.Start) {
		t.Errorf("receipt = %+v, want it to name %s", last, res.Start)
	}
	if n := bottest.Notices[bot.NoSessionNotice](w.d); len(n) != 1 {
		t.Errorf("no-session notices after scheduling: %d", len(n))
	}
	_ = q
}

// The whole session: open at its start, the queue posted in order with the
// askers mentioned (anonymous ones not), Take / Answered / Move, and the
// close at its end with the queue rolled over and a report for review.
func TestSessionLifecycle(t *testing.T) {
	w := newWorld(t)
	w.verified(doc, nurse)
	c := w.condition("Diabetes")
	res := w.schedule(c, "2026-12-01 18:00", 60, bot.RepeatWeekly)
	first, second := res.Sessions[0], res.Sessions[1]
	qa := w.ask(c, "alice", "What should I ask about my HbA1c result?", false)
	qb := w.ask(c, "bob", "Is it normal to feel dizzy after a dose change?", true)
	qc := w.ask(c, "carol", "Does metformin interact with alcohol?", false)

	w.until(first.StartsAt)
	if lvl := memberLevel(w.d.Access(c.OfficeChannelID), c.RoleID); lvl != bot.ReadWrite {
		t.Errorf("members' level in the open channel = %d", lvl)
	}
	opened := bottest.Notices[bot.SessionOpened](w.d)
	if len(opened) != 1 || opened[0].Waiting != 3 || opened[0].Anonymous != 1 || !slices.Equal(opened[0].Askers, []string{"carol", "alice"}) {
		t.Fatalf("opened = %+v", opened)
	}
	items := bottest.Notices[bot.QueueItem](w.d)
	if len(items) != 3 {
		t.Fatalf("%d items posted", len(items))
	}
	// Priority first, then age: Bob's symptom (dizzy), then Carol's
	// medication question (an interaction), then Alice's test result,
	// though Alice asked first.
	order := []bot.QuestionID{items[0].QuestionID, items[1].QuestionID, items[2].QuestionID}
	if want := []bot.QuestionID{qb.ID, qc.ID, qa.ID}; !slices.Equal(order, want) {
		t.Errorf("queue posted in the order %v, want %v (symptom, medication, test result)", order, want)
	}
	queue, _ := w.db.Queue(w.ctx, c.ID)
	for i, q := range queue {
		if order[i] != q.ID || items[i].Position != i+1 {
			t.Errorf("item %d is question %d at %d, queue order says %d", i, order[i], items[i].Position, q.ID)
		}
	}
	if ev, _ := w.d.Event(first.EventID); ev.Status != bot.EventActive {
		t.Errorf("event status at open = %v", ev.Status)
	}

	// Take a named question: a public thread on its post, the asker pinged.
	took, err := w.svc.TakeQuestion(w.ctx, doc, first.ID, qa.ID)
	if err != nil || took.ThreadID == "" || took.Item.Outcome != bot.OutcomeTaken || took.Item.TakenBy != "doc1" {
		t.Fatalf("take = %+v, %v", took, err)
	}
	taken := bottest.Notices[bot.QuestionTakenNotice](w.d)
	if len(taken) != 1 || taken[0].UserID != "alice" || taken[0].ThreadID != took.ThreadID || taken[0].Private {
		t.Errorf("taken notices = %+v", taken)
	}
	// A second clinician cannot take it too; the same one clicking again is fine.
	if _, err := w.svc.TakeQuestion(w.ctx, nurse, first.ID, qa.ID); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Errorf("second clinician: %v", err)
	}
	if again, err := w.svc.TakeQuestion(w.ctx, doc, first.ID, qa.ID); err != nil || again.ThreadID != took.ThreadID {
		t.Errorf("take again = %+v, %v", again, err)
	}
	if n := len(bottest.Notices[bot.QuestionTakenNotice](w.d)); n != 1 {
		t.Errorf("asker pinged %d times", n)
	}
	// An anonymous question gets a private thread with asker and clinician.
	tookB, err := w.svc.TakeQuestion(w.ctx, nurse, first.ID, qb.ID)
	if err != nil {
		t.Fatal(err)
	}
	pt, ok := w.d.Office.PrivateThreads[tookB.ThreadID]
	if !ok || !slices.Equal(pt.Members, []string{"bob", "doc2"}) || pt.ChannelID != c.OfficeChannelID {
		t.Errorf("anonymous question's thread = %+v, %v", pt, ok)
	}
	if item, err := w.svc.AnswerQuestion(w.ctx, doc, first.ID, qa.ID); err != nil || item.Outcome != bot.OutcomeAnswered {
		t.Errorf("answered = %+v, %v", item, err)
	}
	if item, err := w.svc.MoveQuestion(w.ctx, doc, first.ID, qc.ID); err != nil || item.Outcome != bot.OutcomeMoved || !item.NextAt.Equal(second.StartsAt) {
		t.Errorf("moved = %+v, %v", item, err)
	}
	// The posts were edited as their outcomes changed.
	if len(w.d.Edits) < 4 {
		t.Errorf("%d edits of queue items", len(w.d.Edits))
	}
	// Nothing left for /queue next: one taken, one answered, one moved.
	if _, err := w.svc.NextQuestion(w.ctx, doc, "Diabetes"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("queue next with nothing waiting: %v", err)
	}
	// A question that arrives during the session is next.
	qd := w.ask(c, "dave", "Can I exercise right after my insulin?", false)
	nx, err := w.svc.NextQuestion(w.ctx, doc, "Diabetes")
	if err != nil || nx.Question.ID != qd.ID || nx.Item.Position != 4 || nx.ThreadID == "" {
		t.Errorf("queue next = %+v, %v", nx, err)
	}

	// The end: locked, the taken-but-unanswered and the moved roll over.
	w.until(first.EndsAt)
	if lvl := memberLevel(w.d.Access(c.OfficeChannelID), c.RoleID); lvl != bot.ReadOnly {
		t.Errorf("members' level after the end = %d", lvl)
	}
	closed := bottest.Notices[bot.SessionEndNotice](w.d)
	if len(closed) != 1 || closed[0].Answered != 1 || closed[0].Waiting != 3 || !closed[0].NextAt.Equal(second.StartsAt) ||
		!slices.Equal(closed[0].Askers, []string{"carol", "dave"}) {
		t.Fatalf("closing notices = %+v", closed)
	}
	for _, q := range []bot.Question{qb, qc, qd} {
		if got, _ := w.db.Question(w.ctx, q.ID); got.Status != bot.QuestionQueued {
			t.Errorf("question %d is %s after the end, want queued", q.ID, got.Status)
		}
	}
	reports := bottest.Notices[bot.SessionReport](w.d)
	if len(reports) != 1 || reports[0].ChannelID != "review" || reports[0].Answered != 1 || reports[0].Moved != 1 ||
		reports[0].RolledOver != 2 || len(reports[0].Items) != 4 || len(reports[0].Clinicians) != 2 {
		t.Fatalf("reports = %+v", reports)
	}
	if ev, _ := w.d.Event(first.EventID); ev.Status != bot.EventCompleted {
		t.Errorf("event status at the end = %v", ev.Status)
	}
	// Buttons of the closed session refuse.
	if _, err := w.svc.AnswerQuestion(w.ctx, doc, first.ID, qb.ID); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Errorf("answer after the end: %v", err)
	}
	// The next week's session picks them up, the oldest first within priority.
	w.until(second.StartsAt)
	opened = bottest.Notices[bot.SessionOpened](w.d)
	if len(opened) != 2 || opened[1].Waiting != 3 {
		t.Errorf("second opening = %+v", opened[len(opened)-1])
	}
	// And the schedule keeps four weeks of sessions ahead.
	sessions, _ := w.db.ScheduleSessions(w.ctx, res.Schedule.ID)
	if len(sessions) != 5 {
		t.Errorf("%d sessions after the first closed, want 5", len(sessions))
	}
}

func TestRunningLate(t *testing.T) {
	w := newWorld(t)
	w.verified(doc, nurse)
	c := w.condition("Diabetes")
	res, err := w.svc.ScheduleOfficeHours(w.ctx, w.mod, bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-12-01 18:00"),
		Timezone: "UTC", Minutes: 60, Repeat: bot.RepeatNone, Clinician: &doc})
	if err != nil {
		t.Fatal(err)
	}
	w.ask(c, "alice", "What should I ask about my HbA1c result?", false)
	s := res.Sessions[0]
	w.until(s.StartsAt)
	w.until(s.StartsAt.Add(9 * time.Minute))
	if n := len(bottest.Notices[bot.RunningLate](w.d)); n != 0 {
		t.Fatalf("late after 9 minutes")
	}
	w.until(s.StartsAt.Add(10 * time.Minute))
	late := bottest.Notices[bot.RunningLate](w.d)
	alerts := bottest.Notices[bot.LateAlert](w.d)
	if len(late) != 1 || late[0].ChannelID != c.OfficeChannelID || late[0].ClinicianID != "doc1" {
		t.Errorf("running-late notices = %+v", late)
	}
	if len(alerts) != 1 || alerts[0].ChannelID != "alerts" || alerts[0].ModeratorRoleID != "modrole" || alerts[0].Waiting != 1 {
		t.Errorf("late alerts = %+v", alerts)
	}
	w.until(s.StartsAt.Add(20 * time.Minute))
	if len(bottest.Notices[bot.RunningLate](w.d)) != 1 || len(bottest.Notices[bot.LateAlert](w.d)) != 1 {
		t.Error("told twice")
	}

	// A session where the clinician acted in time is not late.
	w2 := newWorld(t)
	w2.verified(doc)
	c2 := w2.condition("Diabetes")
	res2 := w2.schedule(c2, "2026-12-01 18:00", 60, bot.RepeatNone)
	w2.ask(c2, "alice", "What should I ask about my HbA1c result?", false)
	w2.until(res2.Sessions[0].StartsAt.Add(5 * time.Minute))
	if _, err := w2.svc.NextQuestion(w2.ctx, doc, "Diabetes"); err != nil {
		t.Fatal(err)
	}
	w2.until(res2.Sessions[0].StartsAt.Add(15 * time.Minute))
	if n := len(bottest.Notices[bot.RunningLate](w2.d)) + len(bottest.Notices[bot.LateAlert](w2.d)); n != 0 {
		t.Errorf("%d late notices though the clinician took a question", n)
	}

	// Nor is one whose clinician is there talking, with nothing to take;
	// a member talking does not count.
	w3 := newWorld(t)
	c3 := w3.condition("Diabetes")
	res3, err := w3.svc.ScheduleOfficeHours(w3.ctx, w3.mod, bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-12-01 18:00"),
		Timezone: "UTC", Minutes: 60, Repeat: bot.RepeatNone, Clinician: &doc})
	if err != nil {
		t.Fatal(err)
	}
	say := func(user, text string) {
		msgSeq++
		m := bot.Message{ID: fmt.Sprintf("m%d", msgSeq), GuildID: guild, ChannelID: c3.OfficeChannelID, AuthorID: user, Content: text, CreatedAt: w3.clock.Now()}
		if err := w3.svc.HandleMessage(w3.ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	w3.until(res3.Sessions[0].StartsAt.Add(2 * time.Minute))
	say("alice", "hello, is anyone here?")
	if got, _ := w3.db.OfficeSession(w3.ctx, res3.Sessions[0].ID); !got.FirstActionAt.IsZero() {
		t.Error("a member's message counted as the clinician's arrival")
	}
	w3.clock.Advance(3 * time.Minute)
	say(doc.UserID, "Hi all, I'm here. Ask away, or use /ask.")
	w3.until(res3.Sessions[0].StartsAt.Add(15 * time.Minute))
	if n := len(bottest.Notices[bot.RunningLate](w3.d)) + len(bottest.Notices[bot.LateAlert](w3.d)); n != 0 {
		t.Errorf("%d late notices though the clinician was talking in the channel", n)
	}
}

// Stopped between the open and the close, the bot closes once and rolls
// over once when it starts again, however often its runner goes round.
func TestRestartBetweenOpenAndClose(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	res := w.schedule(c, "2026-12-01 18:00", 60, bot.RepeatWeekly)
	w.ask(c, "alice", "What should I ask about my HbA1c result?", false)
	w.ask(c, "bob", "Is it normal to feel dizzy after a dose change?", false)
	s := res.Sessions[0]
	w.until(s.StartsAt)
	if n := len(bottest.Notices[bot.SessionOpened](w.d)); n != 1 {
		t.Fatalf("%d openings", n)
	}

	// The process dies. A new one starts two hours later, after the end.
	w.clock.Set(s.EndsAt.Add(2 * time.Hour))
	w.svc = bot.NewService(w.db, w.d, bot.WithClock(w.clock.Now))
	if err := w.db.ReleaseClaims(w.ctx); err != nil {
		t.Fatal(err)
	}
	w.run()
	w.run()
	w.clock.Advance(time.Hour)
	w.run()
	if n := len(bottest.Notices[bot.SessionEndNotice](w.d)); n != 1 {
		t.Errorf("%d closing notices, want 1", n)
	}
	if n := len(bottest.Notices[bot.SessionReport](w.d)); n != 1 {
		t.Errorf("%d reports, want 1", n)
	}
	if n := len(bottest.Notices[bot.SessionOpened](w.d)); n != 1 {
		t.Errorf("%d openings, want 1", n)
	}
	got, _ := w.db.OfficeSession(w.ctx, s.ID)
	if got.Status != bot.SessionClosed {
		t.Errorf("status = %s", got.Status)
	}
	sqs, _ := w.db.SessionQuestions(w.ctx, s.ID)
	for _, sq := range sqs {
		if sq.Outcome != bot.OutcomeRolledOver {
			t.Errorf("question %d: %s", sq.QuestionID, sq.Outcome)
		}
	}
	if lvl := memberLevel(w.d.Access(c.OfficeChannelID), c.RoleID); lvl != bot.ReadOnly {
		t.Errorf("channel left open: %d", lvl)
	}
	// Rolled over once: the next session opens with the two questions,
	// each once.
	w.until(res.Sessions[1].StartsAt)
	opened := bottest.Notices[bot.SessionOpened](w.d)
	if len(opened) != 2 || opened[1].SessionID != res.Sessions[1].ID || opened[1].Waiting != 2 {
		t.Errorf("next openings = %+v, want the second session with 2 questions", opened)
	}
	if n, err := w.db.CountQueued(w.ctx, c.ID); err != nil || n != 2 {
		t.Errorf("%d questions queued after the restart, want 2 (%v)", n, err)
	}
}

// After a long outage: sessions that ended meanwhile are closed without
// being opened, the askers are told once, and a session inside its window
// opens late.
func TestLongOutage(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	res := w.schedule(c, "2026-12-01 18:00", 120, bot.RepeatWeekly)
	w.ask(c, "alice", "What should I ask about my HbA1c result?", false)
	// Down from before the first session until 30 minutes into the third.
	third := res.Sessions[2]
	w.clock.Set(third.StartsAt.Add(30 * time.Minute))
	w.svc = bot.NewService(w.db, w.d, bot.WithClock(w.clock.Now))
	w.run()
	opened := bottest.Notices[bot.SessionOpened](w.d)
	if len(opened) != 1 || opened[0].SessionID != third.ID || !opened[0].Late {
		t.Fatalf("openings = %+v", opened)
	}
	closed := bottest.Notices[bot.SessionEndNotice](w.d)
	if len(closed) != 1 || closed[0].Opened || !closed[0].StartsAt.Equal(res.Sessions[1].StartsAt) {
		t.Errorf("closing notices = %+v, want one for the last missed session", closed)
	}
	if n := len(bottest.Notices[bot.SessionReport](w.d)); n != 2 {
		t.Errorf("%d reports, want one per missed session", n)
	}
	for _, s := range res.Sessions[:2] {
		got, _ := w.db.OfficeSession(w.ctx, s.ID)
		if ev, _ := w.d.Event(s.EventID); got.Status != bot.SessionClosed || got.Opened() || ev.Status != bot.EventCancelled {
			t.Errorf("missed session %d: %s, opened %v, event %v", s.ID, got.Status, got.Opened(), ev.Status)
		}
	}
	if lvl := memberLevel(w.d.Access(c.OfficeChannelID), c.RoleID); lvl != bot.ReadWrite {
		t.Errorf("the running session's channel is not open: %d", lvl)
	}
}

func TestCancel(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	res := w.schedule(c, "2026-12-01 18:00", 60, bot.RepeatWeekly)
	w.ask(c, "alice", "What should I ask about my HbA1c result?", false)
	w.ask(c, "bob", "Is it normal to feel dizzy after a dose change?", true)
	first := res.Sessions[0]

	// A later occurrence: nobody was waiting for it in particular.
	out, err := w.svc.CancelSessions(w.ctx, w.mod, res.Sessions[2].ID, false)
	if err != nil || len(out.Cancelled) != 1 {
		t.Fatalf("cancel = %+v, %v", out, err)
	}
	if ev, _ := w.d.Event(res.Sessions[2].EventID); ev.Status != bot.EventCancelled {
		t.Errorf("event = %v", ev.Status)
	}
	if n := len(bottest.Notices[bot.SessionCancelNotice](w.d)); n != 0 {
		t.Errorf("askers told about a session they were not waiting for")
	}
	// The next one: askers are told where their questions go now.
	if out, err = w.svc.CancelSessions(w.ctx, w.mod, first.ID, false); err != nil || !out.NextAt.Equal(res.Sessions[1].StartsAt) || out.Waiting != 2 {
		t.Fatalf("cancel next = %+v, %v", out, err)
	}
	told := bottest.Notices[bot.SessionCancelNotice](w.d)
	if len(told) != 1 || !slices.Equal(told[0].Askers, []string{"alice"}) || !told[0].NextAt.Equal(res.Sessions[1].StartsAt) || told[0].Series {
		t.Errorf("cancel notices = %+v", told)
	}
	if _, err := w.svc.CancelSessions(w.ctx, w.mod, first.ID, false); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Errorf("cancel twice: %v", err)
	}
	// The cancelled time is free again for another session.
	if _, err := w.svc.ScheduleOfficeHours(w.ctx, w.mod, bot.ScheduleRequest{Condition: "Diabetes", Start: lt("2026-12-01 18:00"),
		Timezone: "UTC", Minutes: 30, Repeat: bot.RepeatNone}); err != nil {
		t.Errorf("the cancelled slot is still taken: %v", err)
	}
	// The series: every session still to come, and the events.
	out, err = w.svc.CancelSessions(w.ctx, w.mod, res.Sessions[1].ID, true)
	if err != nil || !out.Series || len(out.Cancelled) != 2 { // 8 and 22 December; 15 December was cancelled before
		t.Fatalf("cancel series = %+v, %v", out, err)
	}
	if sch, _ := w.db.Schedule(w.ctx, res.Schedule.ID); !sch.Cancelled() {
		t.Error("schedule not cancelled")
	}
	for _, s := range res.Sessions {
		if ev, _ := w.d.Event(s.EventID); ev.Status != bot.EventCancelled {
			t.Errorf("session %d event = %v", s.ID, ev.Status)
		}
	}
	// Nothing of the series is left, and no new sessions come of it. (The
	// clock jumps past the one-off too, which is closed without opening.)
	w.until(utc("2027-01-30 00:00"))
	if list, _ := w.db.GuildSessions(w.ctx, guild, utc("2026-11-01 00:00"), 100); len(list) != 5 {
		t.Errorf("%d sessions after the series was cancelled, want the 4 it had and the one-off", len(list))
	}
	if n := len(bottest.Notices[bot.SessionOpened](w.d)); n != 0 {
		t.Errorf("%d openings", n)
	}
	if _, err := w.svc.CancelSessions(w.ctx, bot.Caller{UserID: "x", GuildID: "other", ManageServer: true}, first.ID, false); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("another server's session: %v", err)
	}
}

// A question that arrives while the session is open joins its queue at the
// end and gets its own post, so the clinician sees it come in; /queue next
// then takes the questions in order.
func TestQuestionArrivingDuringTheSessionIsPosted(t *testing.T) {
	w := newWorld(t)
	w.verified(doc)
	c := w.condition("Diabetes")
	early := w.ask(c, "alice", "What should I ask about my HbA1c result?", false)
	if _, err := w.svc.StartSession(w.ctx, doc, "Diabetes"); err != nil {
		t.Fatal(err)
	}
	w.run()
	late := w.ask(c, "bob", "Is a fasting 140 worth a call to the clinic?", false)
	w.run()
	items := bottest.Notices[bot.QueueItem](w.d)
	var posted []bot.QuestionID
	for _, it := range items {
		if !slices.Contains(posted, it.QuestionID) {
			posted = append(posted, it.QuestionID)
		}
	}
	if !slices.Equal(posted, []bot.QuestionID{early.ID, late.ID}) {
		t.Fatalf("queue posts for questions %v, want %d then %d", posted, early.ID, late.ID)
	}
	if last := items[len(items)-1]; last.Position != 2 || last.Outcome != bot.OutcomeWaiting {
		t.Errorf("the late question's post: %+v", last)
	}
	for _, want := range []bot.QuestionID{early.ID, late.ID} {
		res, err := w.svc.NextQuestion(w.ctx, doc, "Diabetes")
		if err != nil || res.Item.QuestionID != want {
			t.Fatalf("/queue next = %+v, %v; want question %d", res.Item, err, want)
		}
	}
}

func TestStartAndEndByHand(t *testing.T) {
	w := newWorld(t)
	w.verified(doc, nurse)
	c := w.condition("Diabetes")
	w.ask(c, "alice", "What should I ask about my HbA1c result?", false)
	// Nothing scheduled: an hour from now.
	st, err := w.svc.StartSession(w.ctx, doc, "Diabetes")
	if err != nil || !st.AdHoc || st.Session.Status != bot.SessionOpen || !st.Session.EndsAt.Equal(w.clock.Now().Add(time.Hour)) {
		t.Fatalf("start = %+v, %v", st, err)
	}
	if _, err := w.svc.StartSession(w.ctx, doc, "Diabetes"); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Errorf("start twice: %v", err)
	}
	if n := len(bottest.Notices[bot.SessionOpened](w.d)); n != 1 {
		t.Errorf("%d openings", n)
	}
	// A clinician who opens the session is not late.
	w.until(w.clock.Now().Add(15 * time.Minute))
	if n := len(bottest.Notices[bot.RunningLate](w.d)); n != 0 {
		t.Errorf("late though a clinician opened it")
	}
	end, err := w.svc.EndSession(w.ctx, doc, "Diabetes")
	if err != nil || end.Session.Status != bot.SessionClosed || end.Session.ClosedBy != "doc1" || end.Waiting != 1 {
		t.Fatalf("end = %+v, %v", end, err)
	}
	if _, err := w.svc.EndSession(w.ctx, doc, "Diabetes"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("end twice: %v", err)
	}
	// The close job due at the planned end finds nothing to do.
	w.until(w.clock.Now().Add(2 * time.Hour))
	if n := len(bottest.Notices[bot.SessionEndNotice](w.d)); n != 1 {
		t.Errorf("%d closing notices", n)
	}

	// A scheduled session within the hour opens early, as itself.
	res := w.schedule(c, "2026-12-01 18:00", 60, bot.RepeatNone)
	w.clock.Set(res.Start.Add(-40 * time.Minute))
	st, err = w.svc.StartSession(w.ctx, w.mod, "Diabetes")
	if err != nil || st.AdHoc || st.Session.ID != res.Sessions[0].ID {
		t.Fatalf("early start = %+v, %v", st, err)
	}
	// Opened by a moderator, not a clinician: late ten minutes after the
	// scheduled start if no clinician acts.
	w.until(res.Start.Add(10 * time.Minute))
	if n := len(bottest.Notices[bot.LateAlert](w.d)); n != 1 {
		t.Errorf("%d late alerts", n)
	}
}

func TestQueueShow(t *testing.T) {
	w := newWorld(t)
	w.verified(doc, nurse)
	c := w.condition("Diabetes")
	res := w.schedule(c, "2026-12-01 18:00", 60, bot.RepeatWeekly)
	w.ask(c, "alice", "What should I ask about my HbA1c result?", false)
	w.ask(c, "bob", "What does a high TSH result mean?", true)
	w.ask(c, "alice", "Which snacks help before exercise?", false)
	pat := bot.Caller{UserID: "bob", GuildID: guild, RoleIDs: []string{c.RoleID}}
	v, err := w.svc.ShowQueue(w.ctx, pat, "Diabetes")
	if err != nil || v.Staff || len(v.Entries) != 1 || v.Waiting != 3 {
		t.Fatalf("patient view = %+v, %v", v, err)
	}
	e := v.Entries[0]
	// Second of three, ten minutes a question by default, from the start.
	if e.Position != 2 || !e.Estimate.Equal(res.Start.Add(10*time.Minute)) || v.Measured {
		t.Errorf("entry = %+v", e)
	}
	staff, err := w.svc.ShowQueue(w.ctx, doc, "Diabetes")
	if err != nil || !staff.Staff || len(staff.Entries) != 3 {
		t.Fatalf("staff view = %+v, %v", staff, err)
	}
	// During the session the estimate counts from now and uses what
	// questions took.
	w.until(res.Start)
	for i := range 3 {
		w.ask(c, "carol", fmt.Sprintf("Is my morning reading of %d too high?", 180+i), false)
	}
	for _, mins := range []int{4, 6, 8} {
		nx, err := w.svc.NextQuestion(w.ctx, doc, "Diabetes")
		if err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(time.Duration(mins) * time.Minute)
		if _, err := w.svc.AnswerQuestion(w.ctx, doc, nx.Item.SessionID, nx.Question.ID); err != nil {
			t.Fatal(err)
		}
	}
	v, _ = w.svc.ShowQueue(w.ctx, bot.Caller{UserID: "carol", GuildID: guild}, "Diabetes")
	if !v.Measured || v.PerQuestion != 6*time.Minute || len(v.Entries) != 3 || v.Entries[2].Position != 3 ||
		!v.Entries[2].Estimate.Equal(w.clock.Now().Add(12*time.Minute)) {
		t.Errorf("view during the session = %+v", v)
	}
}
