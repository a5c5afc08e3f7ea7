// Package datetext reads the start of an office-hours session as a person
// types it: "2026-12-03 18:00", "3 December 18:00", "Dec 3 at 6pm",
// "tomorrow 18:30", "next tuesday 18:00", "friday 7:30pm".
//
// The result is a wall-clock reading (bot.LocalTime), not an instant: the
// text is read on the local calendar of the zone the session is in, and
// turning it into an instant (and noticing a time that daylight saving skips
// or repeats) is the domain's job.
//
// The time of day and absolute dates are read here, strictly. Relative
// dates ("tomorrow", "next tuesday", "in 3 days") go to
// github.com/olebedev/when, chosen over the alternatives because it reads
// the phrases people use for this ("next tuesday 18:00" included, which
// go-dateparser refuses), says when it found nothing (go-naturaldate returns
// the base time for "banana" without an error), reports which part of the
// text it understood, so text it did not understand is refused rather than
// ignored, and is small and pure Go. Its weak spot, day-and-month numbers
// ("3 december 18:00" read as the 18th), never reaches it: absolute dates
// are handled before it. Numeric dates like 3/12 are refused as ambiguous
// (3 December or 12 March?) with a request for 2026-12-03.
package datetext

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/olebedev/when"
	"github.com/olebedev/when/rules"
	"github.com/olebedev/when/rules/en"

	"github.com/peerhours/peerhours/bot"
)

// Example is shown to people whose text could not be read.
const Example = "Write it like `2026-12-03 18:00`, `3 December 18:00` or `next tuesday 18:00`."

var (
	slashDate = regexp.MustCompile(`\b\d{1,4}[/.]\d{1,2}(?:[/.]\d{2,4})?\b`)
	isoDate   = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	isoT      = regexp.MustCompile(`(\d{4}-\d{1,2}-\d{1,2})t(\d)`)
	// 18:00, 18.00, 18h00, 6pm, 6:30 pm, 6 p.m.
	clock24 = regexp.MustCompile(`(?:^|\s)([01]?\d|2[0-3])(?::|h|\.)([0-5]\d)(?:\s*(?:h|uhr))?(?:$|\s)`)
	clock12 = regexp.MustCompile(`(?:^|\s)(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?\s*(am|pm|a\.m\.|p\.m\.)(?:$|\s)`)
	named   = regexp.MustCompile(`(?:^|\s)(noon|midday|midnight)(?:$|\s)`)
	filler  = map[string]bool{"at": true, "on": true, "the": true, "of": true, ",": true, "from": true, "starting": true, "start": true}
	months  = monthNames()
	parser  = newParser()
)

func monthNames() map[string]time.Month {
	out := map[string]time.Month{}
	for name, m := range en.MONTH_OFFSET {
		out[strings.TrimSuffix(name, ".")] = time.Month(m)
	}
	return out
}

func newParser() *when.Parser {
	p := when.New(&rules.Options{Distance: 5, MatchByOrder: true})
	// Only relative dates: the time of day and absolute dates are read
	// here, where a wrong guess cannot happen.
	p.Add(en.Weekday(rules.Override), en.CasualDate(rules.Override), en.Deadline(rules.Override))
	return p
}

// Parse reads text as a local date and time. now is the present on the
// local clock of the zone the text is meant in: "tomorrow" is the day after
// now's date there. A date without a year is the next such date.
func Parse(text string, now time.Time) (bot.LocalTime, error) {
	s := strings.ToLower(strings.Join(strings.Fields(text), " "))
	s = isoT.ReplaceAllString(s, "$1 $2") // 2026-12-03T18:00
	s = strings.ReplaceAll(s, ",", " , ")
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return bot.LocalTime{}, bot.Errorf(bot.EINVALID, "When should the first session start? %s", Example)
	}
	if len(s) > 100 {
		return bot.LocalTime{}, bot.Errorf(bot.EINVALID, "That start is too long to be a date and time. %s", Example)
	}
	hour, minute, rest, err := clockTime(s)
	if err == errNoClock {
		// Asking for a time of day helps only when the rest was a date.
		switch {
		case badClock.MatchString(s):
			return bot.LocalTime{}, bot.Errorf(bot.EINVALID, "%q is not a time of day: write one from 00:00 to 23:59, or like 6pm. %s", strings.TrimSpace(badClock.FindString(s)), Example)
		case slashDate.MatchString(s):
		default:
			if _, _, _, derr := date(s, now); derr != nil {
				return bot.LocalTime{}, bot.Errorf(bot.EINVALID, "I couldn't read %q as a date and time. %s", strings.TrimSpace(text), Example)
			}
		}
		return bot.LocalTime{}, bot.Errorf(bot.EINVALID, "I need a time of day too, like 18:00 or 6pm. %s", Example)
	}
	if err != nil {
		return bot.LocalTime{}, err
	}
	if m := slashDate.FindString(rest); m != "" {
		return bot.LocalTime{}, bot.Errorf(bot.EINVALID, "%q could mean two different days depending on the country. Write the date as `2026-12-03` or `3 December`.", m)
	}
	y, mon, d, err := date(rest, now)
	if err != nil {
		return bot.LocalTime{}, err
	}
	l := bot.LocalTime{Year: y, Month: mon, Day: d, Hour: hour, Minute: minute}
	if !l.Valid() {
		return bot.LocalTime{}, bot.Errorf(bot.EINVALID, "%04d-%02d-%02d is not a date on the calendar.", y, mon, d)
	}
	return l, nil
}

// errNoClock is clockTime's answer for text without a time of day.
var errNoClock = errors.New("no time of day")

// badClock is what looks like a time of day but is none: 25:00, 18:75.
var badClock = regexp.MustCompile(`(?:^|\s)\d{1,2}(?::|h|\.)\d{2}(?:$|\s)`)

// clockTime finds the one time of day in s and returns s without it.
func clockTime(s string) (hour, minute int, rest string, err error) {
	type found struct {
		h, m       int
		start, end int
	}
	var all []found
	for _, m := range clock24.FindAllStringSubmatchIndex(s, -1) {
		h, _ := strconv.Atoi(s[m[2]:m[3]])
		mi, _ := strconv.Atoi(s[m[4]:m[5]])
		all = append(all, found{h, mi, m[0], m[1]})
	}
	for _, m := range clock12.FindAllStringSubmatchIndex(s, -1) {
		h, _ := strconv.Atoi(s[m[2]:m[3]])
		mi := 0
		if m[4] >= 0 {
			mi, _ = strconv.Atoi(s[m[4]:m[5]])
		}
		pm := strings.HasPrefix(s[m[6]:m[7]], "p")
		h %= 12
		if pm {
			h += 12
		}
		all = append(all, found{h, mi, m[0], m[1]})
	}
	for _, m := range named.FindAllStringSubmatchIndex(s, -1) {
		h := 12
		if s[m[2]:m[3]] == "midnight" {
			h = 0
		}
		all = append(all, found{h, 0, m[0], m[1]})
	}
	// "6:30 pm" is also "6:30" followed by a word: a match inside a
	// longer one is the same time.
	kept := all[:0]
	for i, f := range all {
		inside := false
		for j, g := range all {
			if i != j && g.start <= f.start && f.end <= g.end && (g.end-g.start > f.end-f.start || j < i) {
				inside = true
			}
		}
		if !inside {
			kept = append(kept, f)
		}
	}
	all = kept
	switch len(all) {
	case 0:
		return 0, 0, "", errNoClock
	case 1:
	default:
		return 0, 0, "", bot.Errorf(bot.EINVALID, "I found more than one time of day in that. %s", Example)
	}
	f := all[0]
	return f.h, f.m, strings.TrimSpace(s[:f.start] + " " + s[f.end:]), nil
}

// date reads what is left once the time of day is taken out.
func date(rest string, now time.Time) (int, time.Month, int, error) {
	words := strings.Fields(rest)
	kept := words[:0]
	for _, w := range words {
		if !filler[w] {
			kept = append(kept, w)
		}
	}
	words = kept
	if len(words) == 0 {
		return now.Year(), now.Month(), now.Day(), nil // a time alone is today
	}
	text := strings.Join(words, " ")
	if m := isoDate.FindStringSubmatch(text); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return y, time.Month(mo), d, nil
	}
	if y, mo, d, ok := monthDate(words, now); ok {
		return y, mo, d, nil
	}
	return relative(text, now)
}

// monthDate reads "3 december [2026]", "december 3rd [2026]", with an
// optional weekday before it ("tuesday 1 december").
func monthDate(words []string, now time.Time) (int, time.Month, int, bool) {
	if len(words) > 0 {
		if _, ok := en.WEEKDAY_OFFSET[strings.TrimSuffix(words[0], ".")]; ok && len(words) > 1 {
			words = words[1:]
		}
	}
	if len(words) < 2 || len(words) > 3 {
		return 0, 0, 0, false
	}
	day, month := -1, time.Month(0)
	if m, ok := months[strings.TrimSuffix(words[0], ".")]; ok {
		month, day = m, dayNumber(words[1])
	} else if m, ok := months[strings.TrimSuffix(words[1], ".")]; ok {
		month, day = m, dayNumber(words[0])
	}
	if month == 0 || day < 1 {
		return 0, 0, 0, false
	}
	if len(words) == 3 {
		y, err := strconv.Atoi(words[2])
		if err != nil || y < 2000 || y > 2200 {
			return 0, 0, 0, false
		}
		return y, month, day, true
	}
	// No year: this year's date unless it has passed, then next year's.
	y := now.Year()
	if month < now.Month() || month == now.Month() && day < now.Day() {
		y++
	}
	return y, month, day, true
}

func dayNumber(w string) int {
	for _, suffix := range []string{"st", "nd", "rd", "th"} {
		w = strings.TrimSuffix(w, suffix)
	}
	d, err := strconv.Atoi(w)
	if err != nil || d < 1 || d > 31 {
		return -1
	}
	return d
}

// relative reads "today", "tomorrow", "next tuesday", "in 3 days" through
// the natural-date parser, and refuses text it understood only part of.
func relative(text string, now time.Time) (int, time.Month, int, error) {
	// The parser works on the local wall clock written as UTC, so that no
	// daylight-saving change can shift the date it computes.
	base := time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, time.UTC)
	r, err := parser.Parse(text, base)
	if err != nil || r == nil {
		return 0, 0, 0, bot.Errorf(bot.EINVALID, "I couldn't read a date in %q. %s", text, Example)
	}
	left := strings.Fields(text[:r.Index] + " " + text[r.Index+len(r.Text):])
	for _, w := range left {
		if !filler[w] {
			return 0, 0, 0, bot.Errorf(bot.EINVALID, "I couldn't make sense of %q in that. %s", w, Example)
		}
	}
	return r.Time.Year(), r.Time.Month(), r.Time.Day(), nil
}
