package redact

import (
	"strings"
	"testing"
	"time"
)

// TestWorstCaseInputsStayFast feeds long adversarial messages (Discord allows 4,000
// characters; these are larger) and wants each redacted quickly: nothing in the redactor
// may be quadratic in the length of a message.
func TestWorstCaseInputsStayFast(t *testing.T) {
	r := New(benchMembers(200))
	units := []string{"a@", "<", "[", "<:a", "@a", "1 ", "1-", "1.", "born ", "March ", "Dr ", "my son ",
		"St ", "12 ", "x.com", "a.", "Maria ", "http://", "www.", "at ", "dot ", "+1", "(1)", "Calle ", "é",
		"I'm ", "MRN ", "# ", "Hope ", "1/", "a-1", "0", "x.jpg", "u/", "a#1234", "ninety ", "lot 1", "St. ", "Hospital ", "1:", "five ", "RR 1 ", "plate "}
	for _, u := range units {
		text := strings.Repeat(u, 20000/len(u))
		start := time.Now()
		r.Redact(text)
		d := time.Since(start)
		t.Logf("%-10q %v", u, d)
		if d > 500*time.Millisecond {
			t.Errorf("%q × %d took %v", u, 20000/len(u), d)
		}
	}
}
