package calendar_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/teambition/rrule-go"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/calendar"
)

func lt(s string) bot.LocalTime {
	l, err := bot.ParseLocalTime(s)
	if err != nil {
		panic(err)
	}
	return l
}

// The presets are computed by calendar arithmetic in the domain; the
// calendar feeds say them as RRULEs. Both must give the same days and
// times, for every preset, month ends included, for years.
func TestPresetsAreTheirRRules(t *testing.T) {
	for _, first := range []string{"2026-01-31 18:00", "2026-01-29 09:30", "2026-03-08 02:30", "2026-10-25 01:30", "2026-12-30 23:45", "2026-02-15 12:00"} {
		for _, repeat := range []bot.Repeat{bot.RepeatWeekly, bot.RepeatBiweekly, bot.RepeatMonthly} {
			sch := bot.Schedule{First: lt(first), Repeat: repeat, Duration: time.Hour}
			opt, err := rrule.StrToROption(sch.RRule())
			if err != nil {
				t.Fatalf("%s %s: %q: %v", first, repeat, sch.RRule(), err)
			}
			l := lt(first)
			opt.Dtstart = time.Date(l.Year, l.Month, l.Day, l.Hour, l.Minute, 0, 0, time.UTC)
			r, err := rrule.NewRRule(*opt)
			if err != nil {
				t.Fatal(err)
			}
			next := r.Iterator()
			for n := range 150 {
				got, ok := next()
				if !ok {
					t.Fatalf("%s %s: the rule ended at %d", first, repeat, n)
				}
				if want := sch.LocalAt(n); bot.LocalOf(got) != want {
					t.Fatalf("%s %s (%s): occurrence %d is %s by the rule, %s by the domain", first, repeat, sch.RRule(), n, bot.LocalOf(got), want)
				}
			}
		}
	}
}

func TestParseRule(t *testing.T) {
	r, err := calendar.Parse("rrule:freq=weekly;byday=tu,th", lt("2026-12-01 18:00"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for n := range 5 {
		l, ok := r.LocalAt(n)
		if !ok {
			t.Fatalf("no occurrence %d", n)
		}
		got = append(got, l.String())
	}
	want := []string{"2026-12-01 18:00", "2026-12-03 18:00", "2026-12-08 18:00", "2026-12-10 18:00", "2026-12-15 18:00"}
	if !slices.Equal(got, want) {
		t.Errorf("occurrences = %v, want %v", got, want)
	}
	if r.String() != "FREQ=WEEKLY;BYDAY=TU,TH" {
		t.Errorf("canonical = %q", r.String())
	}
	if i := r.Index(lt("2026-12-04 00:00")); i != 2 {
		t.Errorf("Index = %d, want 2", i)
	}
	counted, err := calendar.Parse("FREQ=MONTHLY;BYDAY=1MO;COUNT=3", lt("2027-01-04 17:00"))
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := counted.LocalAt(2); !ok || l.String() != "2027-03-01 17:00" {
		t.Errorf("the third first Monday = %v %v", l, ok)
	}
	if _, ok := counted.LocalAt(3); ok {
		t.Error("COUNT=3 gave a fourth")
	}
	for _, bad := range []string{"", "every tuesday", "FREQ=HOURLY", "FREQ=WEEKLY;BYHOUR=9", "FREQ=WEEKLY;UNTIL=20270101T000000Z",
		"DTSTART:20260101T000000\nRRULE:FREQ=DAILY", "FREQ=WEEKLY;BYDAY=XX", "FREQ=DAILY;INTERVAL=400"} {
		if _, err := calendar.Parse(bad, lt("2026-12-01 18:00")); bot.ErrorCode(err) != bot.EINVALID {
			t.Errorf("Parse(%q) = %v, want EINVALID", bad, err)
		}
	}
}

// A feed written and read back as a calendar reads it: the recurring event
// falls at 18:00 Berlin time on both sides of the March change, without
// the cancelled occurrence; the cancelled one-off shows nothing.
func TestWriteReadBack(t *testing.T) {
	now := time.Date(2027, 3, 20, 9, 0, 0, 0, time.UTC)
	cal := bot.Calendar{Name: "peerhours office hours", Events: []bot.CalendarEvent{
		{UID: "schedule-1@peerhours", Summary: "Diabetes office hours", Description: "Clinician office hours for Diabetes; 3 questions waiting, with a line long enough to be folded at seventy-five octets ✓✓✓",
			URL: "https://discord.com/channels/1/2", Timezone: "Europe/Berlin", Start: lt("2027-03-21 18:00"), Duration: time.Hour,
			RRule: "FREQ=WEEKLY", ExDates: []bot.LocalTime{lt("2027-04-04 18:00")}, Sequence: 1},
		{UID: "schedule-2@peerhours", Summary: "Asthma office hours", Timezone: "UTC", Start: lt("2027-03-22 12:00"), Duration: 30 * time.Minute},
		{UID: "schedule-3@peerhours", Summary: "Long COVID office hours", Timezone: "America/New_York", Start: lt("2027-03-23 10:00"), Duration: time.Hour, Cancelled: true},
	}}
	var b bytes.Buffer
	if err := calendar.Write(&b, cal, now); err != nil {
		t.Fatal(err)
	}
	ics := b.String()
	for _, line := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
		if strings.Contains(line, "\n") {
			t.Errorf("bare LF in %q", line)
		}
	}
	for _, want := range []string{"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin", "BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST",
		"DTSTART;TZID=Europe/Berlin:20270321T180000", "EXDATE;TZID=Europe/Berlin:20270404T180000", "RRULE:FREQ=WEEKLY", "DTSTART:20270322T120000Z", "STATUS:CANCELLED"} {
		if !strings.Contains(ics, want) {
			t.Errorf("the feed lacks %q:\n%s", want, ics)
		}
	}
	events, err := calendar.Read(strings.NewReader(ics))
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 3 || !strings.Contains(events[0].Summary, "Diabetes") || events[0].Sequence != 1 || events[0].Duration != time.Hour {
		t.Fatalf("events = %+v", events)
	}
	got, err := events[0].Between(now, now.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	var utc []string
	for _, x := range got {
		utc = append(utc, x.UTC().Format("01-02 15:04"))
	}
	want := []string{"03-21 17:00", "03-28 16:00", "04-11 16:00", "04-18 16:00"}
	if !slices.Equal(utc, want) {
		t.Errorf("occurrences (UTC) = %v, want %v", utc, want)
	}
	if x, _ := events[1].Between(now, now.AddDate(0, 1, 0)); len(x) != 1 || !x[0].Equal(time.Date(2027, 3, 22, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("the UTC one-off = %v", x)
	}
	if x, _ := events[2].Between(now, now.AddDate(0, 1, 0)); len(x) != 0 {
		t.Errorf("the cancelled one-off shows %v", x)
	}
}
