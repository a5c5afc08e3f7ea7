package redact

import (
	"strings"
	"testing"
	"time"
)

// TestWorstCaseInputsStayFast feeds long adversarial messages (Discord allows 4,000
// characters; these are five times larger) and wants each redacted quickly: nothing in the
// redactor may be quadratic in the length of a message. Each takes about 1–30 ms; the
// budget is 500 ms for the best of five runs, so that a run slowed by a busy machine (a
// garbage collection, a core given to another test) cannot fail it, while a quadratic
// detector (seconds at this length) still does.
func TestWorstCaseInputsStayFast(t *testing.T) {
	r := New(benchMembers(200))
	units := []string{"a@", "<", "[", "<:a", "@a", "1 ", "1-", "1.", "born ", "March ", "Dr ", "my son ",
		"St ", "12 ", "x.com", "a.", "Maria ", "http://", "www.", "at ", "dot ", "+1", "(1)", "Calle ", "é",
		"I'm ", "MRN ", "# ", "Hope ", "1/", "a-1", "0", "x.jpg", "u/", "a#1234", "ninety ", "lot 1", "St. ", "Hospital ", "1:", "five ", "RR 1 ", "plate "}
	for _, u := range units {
		text := strings.Repeat(u, 20000/len(u))
		var best time.Duration
		for i := 0; i < 5; i++ {
			start := time.Now()
			r.Redact(text)
			if d := time.Since(start); i == 0 || d < best {
				best = d
			}
		}
		t.Logf("%-10q %v", u, best)
		if best > 500*time.Millisecond {
			t.Errorf("%q × %d took %v at best", u, 20000/len(u), best)
		}
	}
}
