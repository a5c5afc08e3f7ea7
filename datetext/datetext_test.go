package datetext_test

import (
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/datetext"
)

// Thursday 26 November 2026, 12:00 on the local clock.
var now = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func TestParse(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2026-12-03 18:00", "2026-12-03 18:00"},
		{"2026-12-03T18:00", "2026-12-03 18:00"},
		{"  2026-12-03   at 6pm ", "2026-12-03 18:00"},
		{"2027-3-14 2:30am", "2027-03-14 02:30"},
		{"3 December 18:00", "2026-12-03 18:00"},
		{"3rd december 18.00", "2026-12-03 18:00"},
		{"December 3 at 6:30 pm", "2026-12-03 18:30"},
		{"Dec 3, 2027 18h00", "2027-12-03 18:00"},
		{"tuesday 1 december 18:00", "2026-12-01 18:00"},
		{"1 march 9am", "2027-03-01 09:00"},       // no year, already past this year
		{"26 november 13:00", "2026-11-26 13:00"}, // today
		{"next tuesday 18:00", "2026-12-01 18:00"},
		{"next tuesday at 6pm", "2026-12-01 18:00"},
		{"Tuesday 18:00", "2026-12-01 18:00"},
		{"tue 18:00", "2026-12-01 18:00"},
		{"friday 7:30pm", "2026-11-27 19:30"},
		{"tomorrow 18:30", "2026-11-27 18:30"},
		{"today at noon", "2026-11-26 12:00"},
		{"18:00", "2026-11-26 18:00"},
		{"in 3 days 9:00", "2026-11-29 09:00"},
		{"12am tomorrow", "2026-11-27 00:00"},
		{"12pm tomorrow", "2026-11-27 12:00"},
	} {
		got, err := datetext.Parse(tc.in, now)
		if err != nil || got.String() != tc.want {
			t.Errorf("Parse(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range []struct{ in, says string }{
		{"", "When"},
		{"banana", `I couldn't read "banana" as a date and time`},
		{"Next Blursday", `I couldn't read "Next Blursday" as a date and time`},
		{"3 december", "time of day"},
		{"2026-12-03", "time of day"},
		{"3/12", "time of day"},
		{"banana 18:00", "banana"},
		{"next tuesday", "time of day"},
		{"next tuesday 18:00 and 19:00", "more than one"},
		{"3/12 18:00", "two different days"},
		{"12.03.2027 18:00", "two different days"},
		{"2027-02-30 18:00", "not a date"},
		{"31 april 18:00", "not a date"},
		{"25:00", `"25:00" is not a time of day`},
		{"tomorrow 18:75", `"18:75" is not a time of day`},
		{"next blursday 18:00", "blursday"},
		{strings.Repeat("next tuesday ", 20) + "18:00", "too long"},
	} {
		_, err := datetext.Parse(tc.in, now)
		if bot.ErrorCode(err) != bot.EINVALID || !strings.Contains(bot.ErrorMessage(err), tc.says) {
			t.Errorf("Parse(%q) = %v; want a refusal saying %q", tc.in, err, tc.says)
		}
	}
}

// Relative dates are counted on the local calendar, never shifted by a
// daylight-saving change between now and then.
func TestParseAcrossDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	// Saturday 13 March 2027, 23:30 in New York; clocks spring forward at 02:00.
	n := time.Date(2027, 3, 13, 23, 30, 0, 0, ny)
	for _, tc := range []struct{ in, want string }{
		{"tomorrow 2:30", "2027-03-14 02:30"}, // inside the gap: the domain explains it
		{"sunday 18:00", "2027-03-14 18:00"},
		{"next saturday 18:00", "2027-03-20 18:00"},
	} {
		got, err := datetext.Parse(tc.in, n)
		if err != nil || got.String() != tc.want {
			t.Errorf("Parse(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2026-12-03 18:00", "next tuesday 18:00", "3 December 6pm", "3/12", "tomorrow noon", "in 2 days 9:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := datetext.Parse(s, now)
		if err == nil && !l.Valid() {
			t.Fatalf("Parse(%q) = %s, which is not a valid date and time", s, l)
		}
		if err != nil && bot.ErrorCode(err) != bot.EINVALID {
			t.Fatalf("Parse(%q): %v is not a refusal with a reason", s, err)
		}
	})
}
