package calendar

import (
	"sort"
	"strings"
	"time"

	"github.com/teambition/rrule-go"

	"github.com/peerhours/peerhours/bot"
)

// Bounds of a rule's expansion: occurrences are computed once, at most
// this many and this far ahead of the first.
const (
	maxOccurrences = 2000
	horizon        = 10 * 366 * 24 * time.Hour
)

// Parse reads an RFC 5545 rule ("FREQ=WEEKLY;BYDAY=TU,TH", with or without
// "RRULE:") for a schedule whose first local start is first. The rule
// picks days; the time of day is the start's, so BYHOUR, BYMINUTE and
// BYSECOND are refused, as are sub-daily frequencies and a DTSTART of its
// own.
func Parse(rule string, first bot.LocalTime) (bot.Recurrence, error) {
	rule = strings.ToUpper(strings.TrimSpace(rule))
	rule = strings.TrimPrefix(rule, "RRULE:")
	if rule == "" || strings.ContainsAny(rule, "\r\n") || strings.Contains(rule, "DTSTART") {
		return nil, bot.Errorf(bot.EINVALID, "A rule is one line like `FREQ=WEEKLY;BYDAY=TU,TH`, without DTSTART: the start comes from `start`.")
	}
	opt, err := rrule.StrToROption(rule)
	if err != nil {
		return nil, bot.Errorf(bot.EINVALID, "I can't read that rule (%s). Examples: `FREQ=WEEKLY;BYDAY=TU,TH`, `FREQ=MONTHLY;BYDAY=1MO`, `FREQ=WEEKLY;INTERVAL=3`.", err)
	}
	switch opt.Freq {
	case rrule.YEARLY, rrule.MONTHLY, rrule.WEEKLY, rrule.DAILY:
	default:
		return nil, bot.Errorf(bot.EINVALID, "Office hours repeat at most daily: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY.")
	}
	if len(opt.Byhour) > 0 || len(opt.Byminute) > 0 || len(opt.Bysecond) > 0 {
		return nil, bot.Errorf(bot.EINVALID, "The time of day comes from `start`: leave BYHOUR, BYMINUTE and BYSECOND out of the rule.")
	}
	if !opt.Until.IsZero() {
		// Calendars read an UNTIL beside a zoned DTSTART as UTC, the
		// sessions as local: rather than let them disagree, end a series
		// by cancelling it (or with COUNT).
		return nil, bot.Errorf(bot.EINVALID, "Leave UNTIL out: use COUNT=n for a fixed number of sessions, or cancel the series with `/officehours cancel` when it should end.")
	}
	if opt.Interval > 52 || opt.Count > maxOccurrences {
		return nil, bot.Errorf(bot.EINVALID, "That rule repeats too rarely or too many times for office hours.")
	}
	opt.Dtstart = wall(first)
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, bot.Errorf(bot.EINVALID, "That rule is not valid (%s).", err)
	}
	canon := *opt
	canon.Dtstart = time.Time{}
	e := &expansion{rule: canon.RRuleString()}
	end := opt.Dtstart.Add(horizon)
	next := r.Iterator()
	for len(e.at) < maxOccurrences {
		t, ok := next()
		if !ok || t.After(end) {
			break
		}
		e.at = append(e.at, bot.LocalOf(t))
	}
	return e, nil
}

func wall(l bot.LocalTime) time.Time {
	return time.Date(l.Year, l.Month, l.Day, l.Hour, l.Minute, 0, 0, time.UTC)
}

// expansion is a rule's occurrences, computed once.
type expansion struct {
	rule string
	at   []bot.LocalTime
}

func (e *expansion) LocalAt(n int) (bot.LocalTime, bool) {
	if n < 0 || n >= len(e.at) {
		return bot.LocalTime{}, false
	}
	return e.at[n], true
}

func (e *expansion) Index(l bot.LocalTime) int {
	t := wall(l)
	return sort.Search(len(e.at), func(i int) bool { return !wall(e.at[i]).Before(t) })
}

func (e *expansion) String() string { return e.rule }
