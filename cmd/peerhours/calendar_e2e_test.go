package main

import (
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/calendar"
)

// dmCallAt returns when the bot's n-th direct message to a user reached
// the emulator, on the shared clock.
func (h *harness) dmCallAt(userID string, n int) time.Time {
	h.t.Helper()
	ch, err := h.dc.DMChannel(userID)
	if err != nil {
		h.t.Fatal(err)
	}
	// The emulator holds the message before it records the call that
	// posted it: wait for the call.
	var at []time.Time
	if err := h.dc.WaitFor(h.ctx, func() bool {
		at = at[:0]
		for _, c := range h.dc.CallsTo("POST /channels/{id}/messages") {
			if c.Params["id"] == ch.ID && c.Status == 200 {
				at = append(at, c.At)
			}
		}
		return len(at) > n
	}); err != nil {
		h.t.Fatalf("%d direct messages to %s, want more than %d", len(at), userID, n)
	}
	return at[n]
}

// Reminders and the calendar end to end, across Berlin's change to summer
// time on 28 March 2027: the clinician is reminded 24 h and 15 min before
// each weekly Sunday 18:00 session, at exactly those instants on the test
// clock (the day-before reminder of the first summer-time session comes at
// 17:00 Berlin time, 24 hours before 18:00 CEST); /officehours calendar
// gives a private feed whose events, read back with rrule-go, fall on the
// sessions the bot holds, without the cancelled one, and a revoked link
// shows nothing.
func TestRemindersAndCalendarEndToEnd(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.clock.Set(time.Date(2027, 3, 15, 9, 0, 0, 0, time.UTC))
	h.withBotClock()
	h.env["HTTP_ADDR"] = "127.0.0.1:0"
	h.env["PUBLIC_URL"] = "https://calendar.example.org/"
	h.start()
	h.setup()
	h.verify(h.doc, "Ontario", time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC))
	h.createCondition("Diabetes")
	h.join(h.patient, "Diabetes")
	h.command(h.patient, h.general, "ask", "", opt("condition", "Diabetes"), opt("question", "What should I ask about my HbA1c result?"))
	reply := text(h.command(h.mod, h.general, "officehours", "schedule", opt("condition", "Diabetes"), opt("start", "2027-03-21 18:00"),
		opt("duration", 60), opt("repeat", "weekly"), opt("clinician", h.doc)))
	if !strings.Contains(reply, "verified clinician (Ontario)") {
		t.Fatalf("/officehours schedule: %s", reply)
	}

	for i, at := range []time.Time{
		time.Date(2027, 3, 20, 17, 0, 0, 0, time.UTC),  // 24 h before 18:00 CET
		time.Date(2027, 3, 21, 16, 45, 0, 0, time.UTC), // 15 min before
		time.Date(2027, 3, 27, 16, 0, 0, 0, time.UTC),  // 24 h before 18:00 CEST: 17:00 in Berlin
		time.Date(2027, 3, 28, 15, 45, 0, 0, time.UTC),
	} {
		h.advance(at.Add(-time.Second).Sub(h.clock.Now()))
		if n := len(h.botDMs(h.doc)); n != i {
			t.Fatalf("%d reminders a second before %s, want %d", n, at, i)
		}
		h.advance(time.Second)
		if err := h.dc.WaitFor(h.ctx, func() bool { return len(h.botDMs(h.doc)) == i+1 }); err != nil {
			t.Fatalf("no reminder at %s", at)
		}
		if got := h.dmCallAt(h.doc, i); !got.Equal(at) {
			t.Errorf("reminder %d sent at %s, want %s", i, got, at)
		}
		m := h.botDMs(h.doc)[i]
		if !strings.Contains(m.Content, "Your **Diabetes** office hours start") || !strings.Contains(m.Content, "1 question is waiting") ||
			len(m.Mentions) != 0 {
			t.Errorf("reminder %d: %q", i, m.Content)
		}
	}

	// Cancel the session of 4 April.
	april4 := time.Date(2027, 4, 4, 16, 0, 0, 0, time.UTC)
	db := h.rawDB()
	var cancelID int64
	if err := db.QueryRow(`SELECT id FROM sessions WHERE starts_at = ?`, april4.UnixMilli()).Scan(&cancelID); err != nil {
		t.Fatal(err)
	}
	if got := text(h.command(h.mod, h.general, "officehours", "cancel", opt("id", cancelID))); !strings.Contains(got, "Cancelled") {
		t.Fatalf("/officehours cancel: %s", got)
	}

	if got := text(h.command(h.patient, h.general, "officehours", "calendar")); !strings.Contains(got, "Only clinicians") {
		t.Errorf("a patient got a calendar: %s", got)
	}
	feedReply := text(h.command(h.doc, h.general, "officehours", "calendar"))
	link := regexp.MustCompile(`https://calendar\.example\.org/calendar/([a-z2-7]{32})\.ics`).FindStringSubmatch(feedReply)
	if link == nil {
		t.Fatalf("/officehours calendar: %s", feedReply)
	}
	addr := regexp.MustCompile(`"addr":"([0-9.:]+)"[^\n]*"http listening"`).FindStringSubmatch(h.logs.String())
	if addr == nil {
		t.Fatal("no http address in the logs")
	}
	get := func(token string) (int, string) {
		resp, err := (&http.Client{Transport: &http.Transport{}}).Get("http://" + addr[1] + "/calendar/" + token + ".ics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status, ics := get(link[1])
	if status != 200 || !strings.HasPrefix(ics, "BEGIN:VCALENDAR\r\n") {
		t.Fatalf("GET the feed: %d\n%s", status, ics)
	}
	events, err := calendar.Read(strings.NewReader(ics))
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Summary != "Diabetes office hours" || events[0].RRule != "FREQ=WEEKLY" {
		t.Fatalf("events = %+v", events)
	}
	from, to := h.clock.Now(), h.clock.Now().Add(28*24*time.Hour)
	shown, err := events[0].Between(from, to)
	if err != nil {
		t.Fatal(err)
	}
	// What the bot holds: its sessions in the same window, less the
	// cancelled one.
	var held []time.Time
	rows, err := db.Query(`SELECT starts_at, status FROM sessions WHERE starts_at >= ? AND starts_at < ? ORDER BY starts_at`, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var ms int64
		var st string
		rows.Scan(&ms, &st)
		if st != string(bot.SessionCancelled) {
			held = append(held, time.UnixMilli(ms).UTC())
		}
	}
	rows.Close()
	utc := func(ts []time.Time) []string {
		var out []string
		for _, x := range ts {
			out = append(out, x.UTC().Format(time.RFC3339))
		}
		return out
	}
	if !slices.Equal(utc(shown), utc(held)) || slices.Contains(utc(shown), april4.Format(time.RFC3339)) || len(held) < 3 {
		t.Errorf("the feed shows %v; the bot holds %v (4 April cancelled)", utc(shown), utc(held))
	}
	if !strings.Contains(ics, "EXDATE;TZID=Europe/Berlin:20270404T180000") {
		t.Errorf("no EXDATE for the cancelled session:\n%s", ics)
	}
	for _, leak := range []string{"HbA1c", h.patient, "98765"} {
		if strings.Contains(ics, leak) {
			t.Errorf("the feed holds %q", leak)
		}
	}

	if got := text(h.command(h.doc, h.general, "officehours", "calendar", opt("revoke", true))); !strings.Contains(got, "revoked") {
		t.Errorf("revoke: %s", got)
	}
	if status, _ := get(link[1]); status != http.StatusNotFound {
		t.Errorf("a revoked feed answered %d", status)
	}
	h.checkNoPingByAccident()
}
