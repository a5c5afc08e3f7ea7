package bot

import (
	"fmt"
	"time"
)

// Office-hours schedules are kept as people think of them: a date and a
// wall-clock time in a named time zone, and a repeat rule. "Weekly at 18:00
// in America/New_York" means 18:00 on the clock in New York every week, so
// the UTC instant moves by an hour when New York changes its clocks and the
// session does not.
//
// The presets' occurrences are computed here, on the local calendar, with
// the standard library: every occurrence is found in constant time (the
// n-th week or month is arithmetic, not iteration from the first one),
// which is what makes the next occurrence of 10,000 schedules cheap. A
// schedule with a rule of its own (RepeatRule: "Tuesdays and Thursdays",
// "the first Monday of the month") is expanded by a Recurrence
// (recurrence.go), which cmd/peerhours provides on rrule-go; the domain
// itself stays free of dependencies. The two places where the calendar is
// not plain arithmetic are made explicit: a monthly schedule on a day a
// month lacks, and a wall time that a daylight-saving change skips or
// repeats.

// Repeat is how a schedule repeats.
type Repeat string

const (
	RepeatNone     Repeat = "none"
	RepeatWeekly   Repeat = "weekly"
	RepeatBiweekly Repeat = "biweekly" // every two weeks
	RepeatMonthly  Repeat = "monthly"  // the same day of the month; see LocalTime.AddMonths
	// RepeatRule repeats by a full RFC 5545 rule (Schedule.Rule), expanded
	// by a Recurrence (recurrence.go).
	RepeatRule Repeat = "rrule"
)

// Repeats lists the rules in the order people are offered them.
var Repeats = []Repeat{RepeatNone, RepeatWeekly, RepeatBiweekly, RepeatMonthly}

// Valid reports whether r is a known rule.
func (r Repeat) Valid() bool {
	switch r {
	case RepeatNone, RepeatWeekly, RepeatBiweekly, RepeatMonthly:
		return true
	}
	return false
}

// Describe says the rule in words: "every week".
func (r Repeat) Describe() Msg {
	switch r {
	case RepeatWeekly:
		return N("every week")
	case RepeatBiweekly:
		return N("every two weeks")
	case RepeatMonthly:
		return N("every month")
	case RepeatRule:
		return N("by its own rule")
	}
	return N("once")
}

// LocalTime is a reading of a wall clock and calendar with no time zone:
// 2026-12-03 18:00. It names an instant only together with a location.
type LocalTime struct {
	Year   int
	Month  time.Month
	Day    int
	Hour   int
	Minute int
}

// LocalOf reads t's wall clock in t's own location.
func LocalOf(t time.Time) LocalTime {
	return LocalTime{t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute()}
}

// String is the reading as "2026-12-03 18:00".
func (l LocalTime) String() string {
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d", l.Year, l.Month, l.Day, l.Hour, l.Minute)
}

// ParseLocalTime reads the form String writes.
func ParseLocalTime(s string) (LocalTime, error) {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		return LocalTime{}, Errorf(EINVALID, "%q is not a date and time like 2026-12-03 18:00.", s)
	}
	return LocalOf(t), nil
}

// Valid reports whether the reading exists on the calendar: no 31 April,
// no 24:00.
func (l LocalTime) Valid() bool {
	return l.Month >= 1 && l.Month <= 12 && l.Day >= 1 && l.Day <= daysIn(l.Year, l.Month) &&
		l.Hour >= 0 && l.Hour < 24 && l.Minute >= 0 && l.Minute < 60
}

// wall is the reading as if it were UTC: calendar arithmetic on it never
// meets a daylight-saving change.
func (l LocalTime) wall() time.Time {
	return time.Date(l.Year, l.Month, l.Day, l.Hour, l.Minute, 0, 0, time.UTC)
}

// AddDays moves the date by n days and keeps the clock time.
func (l LocalTime) AddDays(n int) LocalTime {
	d := time.Date(l.Year, l.Month, l.Day+n, 0, 0, 0, 0, time.UTC)
	return LocalTime{d.Year(), d.Month(), d.Day(), l.Hour, l.Minute}
}

// AddMonths moves the date by n months and keeps the day of the month and
// the clock time. A day the target month lacks becomes its last day: a
// monthly session on the 31st falls on 30 April and 28 (or 29) February,
// and on the 31st again in May. Skipping those months instead (as RFC 5545
// does) would leave a community without its session for a month.
func (l LocalTime) AddMonths(n int) LocalTime {
	m := int(l.Month) - 1 + n
	y := l.Year + floorDiv(m, 12)
	mon := time.Month(m - floorDiv(m, 12)*12 + 1)
	return LocalTime{y, mon, min(l.Day, daysIn(y, mon)), l.Hour, l.Minute}
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Resolution says how a wall-clock reading became an instant.
type Resolution int

const (
	// Exact: the reading happens once.
	Exact Resolution = iota
	// Skipped: the clocks jump over the reading (spring forward). The
	// instant is the reading read with the offset before the jump, which
	// lands as far after the jump as the reading was after its start:
	// 02:30 on a night New York jumps from 02:00 to 03:00 becomes 03:30.
	Skipped
	// Repeated: the clocks pass the reading twice (fall back). The first,
	// earlier one is taken: 01:30 on the night New York goes back from
	// 02:00 to 01:00 is 01:30 EDT, an hour before 01:30 EST.
	Repeated
)

// In returns the instant the reading names in loc and how it was found.
func (l LocalTime) In(loc *time.Location) (time.Time, Resolution) {
	wall := l.wall()
	// Transitions are months apart, so the offsets in force a day and a
	// half either side are the only ones the reading can have.
	_, before := wall.Add(-36 * time.Hour).In(loc).Zone()
	_, after := wall.Add(36 * time.Hour).In(loc).Zone()
	first := wall.Add(-time.Duration(before) * time.Second)
	second := wall.Add(-time.Duration(after) * time.Second)
	okFirst := offsetAt(first, loc) == before
	okSecond := before != after && offsetAt(second, loc) == after
	switch {
	case okFirst && okSecond:
		if second.Before(first) {
			first = second
		}
		return first.In(loc), Repeated
	case okFirst:
		return first.In(loc), Exact
	case okSecond:
		return second.In(loc), Exact
	}
	return first.In(loc), Skipped
}

func offsetAt(t time.Time, loc *time.Location) int {
	_, off := t.In(loc).Zone()
	return off
}

// Schedule is a condition's recurring office hours.
type Schedule struct {
	ID          ScheduleID
	GuildID     string
	ConditionID ConditionID
	// First is the first occurrence on the local clock; later ones keep
	// its clock time (and, for monthly schedules, its day of the month).
	First    LocalTime
	Timezone string         // IANA name
	Location *time.Location // Timezone, loaded; nil means UTC
	Duration time.Duration
	Repeat   Repeat
	// Rule is the RFC 5545 rule of a RepeatRule schedule, canonical
	// ("FREQ=WEEKLY;BYDAY=TU,TH"), and Recur expands it; "" and nil for
	// the presets.
	Rule  string
	Recur Recurrence
	// ClinicianID is the clinician expected to run the sessions, or "".
	ClinicianID string
	CreatedBy   string
	CreatedAt   time.Time
	CancelledAt time.Time
}

// Cancelled reports whether the whole series was cancelled.
func (s Schedule) Cancelled() bool { return !s.CancelledAt.IsZero() }

func (s Schedule) loc() *time.Location {
	if s.Location == nil {
		return time.UTC
	}
	return s.Location
}

// LocalAt is the n-th occurrence (from 0) on the local clock.
func (s Schedule) LocalAt(n int) LocalTime {
	switch s.Repeat {
	case RepeatWeekly:
		return s.First.AddDays(7 * n)
	case RepeatBiweekly:
		return s.First.AddDays(14 * n)
	case RepeatMonthly:
		return s.First.AddMonths(n)
	case RepeatRule:
		if s.Recur != nil {
			if l, ok := s.Recur.LocalAt(n); ok {
				return l
			}
		}
	}
	return s.First
}

// Occurrence returns when the n-th occurrence starts and how its wall time
// resolved; false when the schedule has no n-th occurrence.
func (s Schedule) Occurrence(n int) (time.Time, Resolution, bool) {
	if s.Repeat == RepeatRule {
		if s.Recur == nil || n < 0 {
			return time.Time{}, Exact, false
		}
		l, ok := s.Recur.LocalAt(n)
		if !ok {
			return time.Time{}, Exact, false
		}
		t, r := l.In(s.loc())
		return t, r, true
	}
	if n < 0 || (s.Repeat == RepeatNone || !s.Repeat.Valid()) && n > 0 {
		return time.Time{}, Exact, false
	}
	t, r := s.LocalAt(n).In(s.loc())
	return t, r, true
}

// Next returns the first occurrence that starts at or after t, and its
// index; false when there is none (a one-off already past). It does a
// constant amount of work however far t is from the first occurrence.
func (s Schedule) Next(t time.Time) (int, time.Time, bool) {
	n, tries := s.estimate(t), 4
	if s.Repeat == RepeatRule {
		tries = 400 // a rule's occurrences may be a day apart
	}
	for range tries {
		start, _, ok := s.Occurrence(n)
		if !ok {
			return 0, time.Time{}, false
		}
		if !start.Before(t) {
			return n, start, true
		}
		n++
	}
	return 0, time.Time{}, false // unreachable for valid schedules
}

// estimate is an index at or just before the first occurrence at or after
// t: the whole periods between the first occurrence and t's local date,
// less one to absorb clock-time and offset differences.
func (s Schedule) estimate(t time.Time) int {
	lt := LocalOf(t.In(s.loc()))
	var n int
	switch s.Repeat {
	case RepeatWeekly, RepeatBiweekly:
		days := int(lt.wall().Sub(s.First.wall()).Hours() / 24)
		period := 7
		if s.Repeat == RepeatBiweekly {
			period = 14
		}
		n = floorDiv(days, period)
	case RepeatMonthly:
		n = (lt.Year-s.First.Year)*12 + int(lt.Month) - int(s.First.Month)
	case RepeatRule:
		if s.Recur != nil {
			// A day early absorbs the zone's offset; Next steps on.
			n = s.Recur.Index(lt.AddDays(-1)) + 1
		}
	}
	return max(n-1, 0)
}

// Window is one occurrence's start and end.
type Window struct {
	Index      int
	Start, End time.Time
	Resolution Resolution
}

// Windows returns the occurrences that start before until and end after
// from, at most limit of them.
func (s Schedule) Windows(from, until time.Time, limit int) []Window {
	n, _, ok := s.Next(from.Add(-s.Duration))
	if !ok {
		return nil
	}
	var out []Window
	for ; len(out) < limit; n++ {
		start, r, ok := s.Occurrence(n)
		if !ok || !start.Before(until) {
			break
		}
		end := start.Add(s.Duration)
		if end.After(from) {
			out = append(out, Window{Index: n, Start: start, End: end, Resolution: r})
		}
	}
	return out
}
