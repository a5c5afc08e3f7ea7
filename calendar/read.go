package calendar

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Event is a VEVENT read back from a feed.
type Event struct {
	UID      string
	Summary  string
	Status   string
	Start    time.Time // DTSTART, in its zone
	Duration time.Duration
	RRule    string
	ExDates  []time.Time
	Sequence int
}

// Read parses a feed as a calendar client would (unfolding lines,
// unescaping text, resolving TZID by its IANA name) and returns its
// events. It reads what Write writes; it is not a general iCalendar
// parser.
func Read(r io.Reader) ([]Event, error) {
	var raw []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.HasPrefix(line, " ") && len(raw) > 0 {
			raw[len(raw)-1] += line[1:]
			continue
		}
		raw = append(raw, line)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(raw) == 0 || raw[0] != "BEGIN:VCALENDAR" || raw[len(raw)-1] != "END:VCALENDAR" {
		return nil, fmt.Errorf("calendar: not a VCALENDAR")
	}
	var out []Event
	var ev *Event
	for _, line := range raw {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("calendar: bad line %q", line)
		}
		prop, params, _ := strings.Cut(name, ";")
		switch {
		case line == "BEGIN:VEVENT":
			ev = &Event{}
			continue
		case line == "END:VEVENT":
			if ev == nil {
				return nil, fmt.Errorf("calendar: END:VEVENT without BEGIN")
			}
			out = append(out, *ev)
			ev = nil
			continue
		case ev == nil:
			continue
		}
		var err error
		switch prop {
		case "UID":
			ev.UID = value
		case "SUMMARY":
			ev.Summary = unescape(value)
		case "STATUS":
			ev.Status = value
		case "RRULE":
			ev.RRule = value
		case "SEQUENCE":
			_, err = fmt.Sscanf(value, "%d", &ev.Sequence)
		case "DURATION":
			var m int
			if _, err = fmt.Sscanf(value, "PT%dM", &m); err == nil {
				ev.Duration = time.Duration(m) * time.Minute
			}
		case "DTSTART", "EXDATE":
			var t time.Time
			if t, err = dateTime(params, value); err == nil {
				if prop == "DTSTART" {
					ev.Start = t
				} else {
					ev.ExDates = append(ev.ExDates, t)
				}
			}
		}
		if err != nil {
			return nil, fmt.Errorf("calendar: %s: %w", prop, err)
		}
	}
	return out, nil
}

func dateTime(params, value string) (time.Time, error) {
	if t, ok := strings.CutSuffix(value, "Z"); ok {
		return time.Parse("20060102T150405", t)
	}
	zone, ok := strings.CutPrefix(params, "TZID=")
	if !ok {
		return time.Time{}, fmt.Errorf("a local time without TZID")
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return time.Time{}, err
	}
	return time.ParseInLocation("20060102T150405", value, loc)
}

func unescape(s string) string {
	return strings.NewReplacer(`\n`, "\n", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(s)
}

// Between expands the event as a calendar shows it: DTSTART, the RRULE's
// occurrences (rrule-go, in DTSTART's zone), less the EXDATEs, those that
// start in [from, to). A cancelled event has none.
func (e Event) Between(from, to time.Time) ([]time.Time, error) {
	if e.Status == "CANCELLED" {
		return nil, nil
	}
	if e.RRule == "" {
		if !e.Start.Before(from) && e.Start.Before(to) {
			return []time.Time{e.Start}, nil
		}
		return nil, nil
	}
	opt, err := rrule.StrToROptionInLocation(e.RRule, e.Start.Location())
	if err != nil {
		return nil, err
	}
	opt.Dtstart = e.Start
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, err
	}
	var set rrule.Set
	set.RRule(r)
	for _, x := range e.ExDates {
		set.ExDate(x)
	}
	return set.Between(from, to.Add(-time.Second), true), nil
}
