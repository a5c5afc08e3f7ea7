package bot

import (
	"strconv"
	"strings"
	"time"
)

// Full recurrence. The presets (weekly, every two weeks, monthly) are
// computed here with calendar arithmetic, in constant time. A moderator who
// needs more ("Tuesdays and Thursdays", "the first Monday of the month")
// gives an RFC 5545 rule, which a Recurrence expands: the domain declares
// the interface and the calendar package implements it on
// github.com/teambition/rrule-go, wired in by cmd/peerhours. A rule is
// expanded on the local wall clock, like the presets, and each occurrence
// is then resolved in the schedule's zone, so daylight-saving changes are
// handled the same way for both (Resolution).
//
// Every schedule, preset or rule, is also written as an RRULE (RRule) for
// the clinicians' calendar feeds, with EXDATE for cancelled occurrences.

// Recurrence expands a rule from its first occurrence, on the local clock.
type Recurrence interface {
	// LocalAt returns the n-th occurrence (from 0); false past the last.
	LocalAt(n int) (LocalTime, bool)
	// Index returns how many occurrences come before l.
	Index(l LocalTime) int
	// String is the rule in canonical form, without "RRULE:".
	String() string
}

// RuleParser reads an RFC 5545 rule for a schedule whose first occurrence
// is first; its errors are *Error values a moderator can act on.
type RuleParser func(rule string, first LocalTime) (Recurrence, error)

// WithRecurrence enables schedules with their own rules.
func WithRecurrence(p RuleParser) Option { return func(s *Service) { s.ruleParser = p } }

// withRule attaches the expansion of a rule schedule's rule; presets are
// returned as they are. A rule that no longer parses (it was valid when
// stored) leaves the schedule without occurrences, and says so in the log.
func (s *Service) withRule(sch Schedule) Schedule {
	if sch.Repeat != RepeatRule || sch.Recur != nil {
		return sch
	}
	if s.ruleParser == nil {
		s.log.Error("a schedule has its own rule but no rule parser is configured", "schedule", sch.ID)
		return sch
	}
	r, err := s.ruleParser(sch.Rule, sch.First)
	if err != nil {
		s.log.Error("a stored schedule rule does not parse", "schedule", sch.ID, "code", ErrorCode(err))
		return sch
	}
	sch.Recur = r
	return sch
}

// RRule is the schedule's recurrence as an RFC 5545 RRULE value (without
// "RRULE:"), or "" for a one-off. A monthly schedule on the 29th to 31st
// falls on the last day of shorter months here; the rule says the same
// with BYSETPOS. A cancelled series ends at its cancellation (UNTIL).
func (s Schedule) RRule() string {
	var rule string
	switch s.Repeat {
	case RepeatWeekly:
		rule = "FREQ=WEEKLY"
	case RepeatBiweekly:
		rule = "FREQ=WEEKLY;INTERVAL=2"
	case RepeatMonthly:
		if d := s.First.Day; d <= 28 {
			rule = "FREQ=MONTHLY;BYMONTHDAY=" + strconv.Itoa(d)
		} else {
			days := make([]string, 0, 4)
			for x := 28; x <= d; x++ {
				days = append(days, strconv.Itoa(x))
			}
			rule = "FREQ=MONTHLY;BYMONTHDAY=" + strings.Join(days, ",") + ";BYSETPOS=-1"
		}
	case RepeatRule:
		rule = s.Rule
	default:
		return ""
	}
	if s.Cancelled() && !strings.Contains(rule, "UNTIL=") && !strings.Contains(rule, "COUNT=") {
		rule += ";UNTIL=" + s.CancelledAt.UTC().Format("20060102T150405Z")
	}
	return rule
}

// checkRule refuses a rule the sessions cannot follow: one whose first
// occurrence is not the schedule's start (calendars would disagree about
// it), or that repeats more than once a day.
func checkRule(r Recurrence, first LocalTime) error {
	l, ok := r.LocalAt(0)
	if !ok {
		return Errorf(EINVALID, "That rule gives no session at all.")
	}
	if l != first {
		return Errorf(EINVALID, "The first session (%s) must be one the rule gives: it starts on %s instead. Pick a start the rule includes.",
			first, l)
	}
	if next, ok := r.LocalAt(1); ok && next.wall().Sub(l.wall()) < 24*time.Hour {
		return Errorf(EINVALID, "A rule may repeat at most once a day.")
	}
	return nil
}
