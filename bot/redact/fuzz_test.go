package redact

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// planted are identifiers the fuzzer places between arbitrary text. Whatever surrounds
// them, none may survive redaction.
var planted = []string{
	"maria.lopez85@gmail.com", "jt+insulin@outlook.co.uk", "zoë.pump@example.de",
	"(555) 123-4567", "555-234-5678", "+1 555 567 8901", "+44 20 7946 0958", "07700 900123",
	"+49 (0)30 1234567", "+34 612 34 56 78", "1-800-555-0199",
	"https://discord.gg/AbC123x", "discord.gg/diabetespeers", "example.com/path",
	"www.instagram.com/pumpgirl", "https://mychart.example-health.org/login?user=12345",
	"203.0.113.47", "2001:db8:85a3::8a2e:370:7334", "00:1A:2B:3C:4D:5E", "IMG_4471.HEIC",
	"u/throwaway_t1d_42", "1HGCM82633A004352", "AB12 CDE", "RR 2 Box 118", "531-48-2207",
}

func FuzzRedact(f *testing.F) {
	seeds := []string{"", "hi", "born", "MRN", "call me at", "<@111>", "Maria", "@", "<:x",
		"[name]", "12", "+", "www.", "https://", "my son", "Dr.", "45 Elm", "Street", "\n", "é",
		"\xff", "1985", ":123>", "#", "at", "dot com"}
	for i, a := range seeds {
		f.Add(a, seeds[(i+7)%len(seeds)], uint8(i))
	}
	r := New(testMembers)
	f.Fuzz(func(t *testing.T, before, after string, pick uint8) {
		id := planted[int(pick)%len(planted)]
		text := before + " " + id + " " + after
		out := r.Redact(text)

		// the planted identifier is covered by what Find reports…
		start := len(before) + 1
		spans := r.Find(text)
		for i := start; i < start+len(id); i++ {
			if id[i-start] == ' ' {
				continue
			}
			covered := false
			for _, sp := range spans {
				if sp.Start <= i && i < sp.End {
					covered = true
					break
				}
			}
			if !covered {
				t.Fatalf("byte %d of planted %q not redacted in %q → %q", i-start, id, text, out)
			}
		}
		// …and does not appear in the output (unless the fuzzer also wrote it elsewhere)
		if !strings.Contains(before, id) && !strings.Contains(after, id) && strings.Contains(out, id) {
			t.Fatalf("planted %q survives in %q", id, out)
		}
		// redacting twice is redacting once
		if again := r.Redact(out); again != out {
			t.Fatalf("not idempotent:\n in    %q\n once  %q\n twice %q", text, out, again)
		}
		// Find and Redact agree
		if got := render(text, toInternal(spans), nil); got != out {
			t.Fatalf("Find and Redact disagree on %q:\n %q\n %q", text, got, out)
		}
		// valid UTF-8 in, valid UTF-8 out
		if utf8.ValidString(text) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q: %q", text, out)
		}
		// the same holds for any text, not only around a planted identifier
		out2 := r.Redact(before)
		if again := r.Redact(out2); again != out2 {
			t.Fatalf("not idempotent:\n in    %q\n once  %q\n twice %q", before, out2, again)
		}
		if utf8.ValidString(before) && !utf8.ValidString(out2) {
			t.Fatalf("invalid UTF-8 out of %q: %q", before, out2)
		}
		p := r.NewPseudonymizer("111")
		_ = p.RedactMessage("222", before)
		_ = p.RedactMessage("111", after)
	})
}

func toInternal(spans []Span) []span {
	out := make([]span, len(spans))
	for i, s := range spans {
		out[i] = span{s.Start, s.End, s.Kind, s.UserID}
	}
	return out
}

// FuzzMemberNames builds redactors from arbitrary member names: whatever people call
// themselves on Discord, New must not panic and Redact must stay idempotent and keep UTF-8
// valid, and a member's whole display name written in the text must go.
func FuzzMemberNames(f *testing.F) {
	f.Add("Maria Lopez", "maria_lopez85", "thanks Maria Lopez!")
	f.Add("🌸", "a", "a 🌸 b")
	f.Add("Dr. Who", "x.y", "Dr. Who and x.y")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, display, username, text string) {
		r := New([]Member{{ID: "1", Username: username, GlobalName: display, Nick: display + "x"}})
		out := r.Redact(text)
		if again := r.Redact(out); again != out {
			t.Fatalf("not idempotent:\n in    %q\n once  %q\n twice %q", text, out, again)
		}
		if utf8.ValidString(text) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q: %q", text, out)
		}
		p := r.NewPseudonymizer("1")
		p.RedactMessage("1", text)
	})
}
