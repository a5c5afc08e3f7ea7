package calendar

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// Write writes a clinician's calendar as iCalendar (RFC 5545): one VEVENT
// per schedule, with its RRULE and an EXDATE for each cancelled
// occurrence, a VTIMEZONE for each zone used, lines folded at 75 octets
// and ended with CRLF. now stamps the events (DTSTAMP).
func Write(w io.Writer, cal bot.Calendar, now time.Time) error {
	bw := bufio.NewWriter(w)
	l := &lines{w: bw}
	l.add("BEGIN:VCALENDAR")
	l.add("VERSION:2.0")
	l.add("PRODID:-//peerhours//office hours//EN")
	l.add("CALSCALE:GREGORIAN")
	l.add("METHOD:PUBLISH")
	l.add("X-WR-CALNAME:" + text(cal.Name))
	l.add("REFRESH-INTERVAL;VALUE=DURATION:PT1H")
	l.add("X-PUBLISHED-TTL:PT1H")
	var zones []string
	for _, ev := range cal.Events {
		if ev.Timezone != "UTC" && !slices.Contains(zones, ev.Timezone) {
			zones = append(zones, ev.Timezone)
		}
	}
	for _, z := range zones {
		loc, err := time.LoadLocation(z)
		if err != nil {
			return fmt.Errorf("calendar: zone %s: %w", z, err)
		}
		from := now.AddDate(-2, 0, 0)
		for _, ev := range cal.Events {
			if ev.Timezone == z {
				if s := wall(ev.Start).AddDate(0, 0, -1); s.Before(from) {
					from = s
				}
			}
		}
		writeZone(l, z, loc, from, now.AddDate(3, 0, 0))
	}
	stamp := now.UTC().Format("20060102T150405Z")
	for _, ev := range cal.Events {
		l.add("BEGIN:VEVENT")
		l.add("UID:" + ev.UID)
		l.add("DTSTAMP:" + stamp)
		if !ev.Created.IsZero() {
			l.add("CREATED:" + ev.Created.UTC().Format("20060102T150405Z"))
		}
		l.add("DTSTART" + when(ev.Timezone, ev.Start))
		l.add(fmt.Sprintf("DURATION:PT%dM", int(ev.Duration/time.Minute)))
		if ev.RRule != "" {
			l.add("RRULE:" + ev.RRule)
		}
		for _, x := range ev.ExDates {
			l.add("EXDATE" + when(ev.Timezone, x))
		}
		l.add("SUMMARY:" + text(ev.Summary))
		if ev.Description != "" {
			l.add("DESCRIPTION:" + text(ev.Description))
		}
		if ev.URL != "" {
			l.add("URL:" + ev.URL)
			l.add("LOCATION:" + text(ev.URL))
		}
		status := "CONFIRMED"
		if ev.Cancelled {
			status = "CANCELLED"
		}
		l.add("STATUS:" + status)
		l.add(fmt.Sprintf("SEQUENCE:%d", ev.Sequence))
		l.add("TRANSP:OPAQUE")
		l.add("END:VEVENT")
	}
	l.add("END:VCALENDAR")
	if l.err != nil {
		return l.err
	}
	return bw.Flush()
}

// when is a local date-time with its zone: ";TZID=Europe/Berlin:20270321T180000",
// or ":20270321T180000Z" in UTC.
func when(zone string, l bot.LocalTime) string {
	t := wall(l).Format("20060102T150405")
	if zone == "UTC" || zone == "" {
		return ":" + t + "Z"
	}
	return ";TZID=" + zone + ":" + t
}

// text escapes a TEXT value.
func text(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", "").Replace(s)
}

// lines writes content lines, folded at 75 octets (never inside a UTF-8
// sequence) and ended with CRLF.
type lines struct {
	w   *bufio.Writer
	err error
}

func (l *lines) add(s string) {
	if l.err != nil {
		return
	}
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // a continuation line's leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	_, l.err = l.w.WriteString(b.String())
}

// writeZone writes a VTIMEZONE with every transition of loc between from
// and to, each as its own observance, and the offset in force at from.
func writeZone(l *lines, name string, loc *time.Location, from, to time.Time) {
	l.add("BEGIN:VTIMEZONE")
	l.add("TZID:" + name)
	start := from.In(loc)
	abbr, off := start.Zone()
	observance(l, start.IsDST(), off, off, abbr, wallOf(start, off))
	for _, tr := range transitions(loc, from, to) {
		before := tr.Add(-time.Second).In(loc)
		_, offFrom := before.Zone()
		after := tr.In(loc)
		abbrTo, offTo := after.Zone()
		observance(l, after.IsDST(), offFrom, offTo, abbrTo, wallOf(tr, offFrom))
	}
	l.add("END:VTIMEZONE")
}

func observance(l *lines, dst bool, from, to int, abbr string, onset time.Time) {
	kind := "STANDARD"
	if dst {
		kind = "DAYLIGHT"
	}
	l.add("BEGIN:" + kind)
	l.add("DTSTART:" + onset.Format("20060102T150405"))
	l.add("TZOFFSETFROM:" + offset(from))
	l.add("TZOFFSETTO:" + offset(to))
	if abbr != "" && !strings.HasPrefix(abbr, "+") && !strings.HasPrefix(abbr, "-") {
		l.add("TZNAME:" + abbr)
	}
	l.add("END:" + kind)
}

// wallOf is the instant t read on a clock offset seconds from UTC.
func wallOf(t time.Time, offset int) time.Time {
	return t.UTC().Add(time.Duration(offset) * time.Second)
}

func offset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}

// transitions finds the instants between from and to at which loc's offset
// (or daylight-saving flag) changes, to the second: a day's steps, then
// halving the day in which one happened.
func transitions(loc *time.Location, from, to time.Time) []time.Time {
	state := func(t time.Time) (int, bool) {
		t = t.In(loc)
		_, off := t.Zone()
		return off, t.IsDST()
	}
	var out []time.Time
	for t := from; t.Before(to); t = t.Add(24 * time.Hour) {
		o1, d1 := state(t)
		o2, d2 := state(t.Add(24 * time.Hour))
		if o1 == o2 && d1 == d2 {
			continue
		}
		lo, hi := t, t.Add(24*time.Hour)
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2)
			if o, d := state(mid); o == o1 && d == d1 {
				lo = mid
			} else {
				hi = mid
			}
		}
		out = append(out, hi.Truncate(time.Second))
	}
	return out
}
