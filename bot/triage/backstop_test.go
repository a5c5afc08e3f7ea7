package triage

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Every backstop keyword is an emergency to triage too, so Discord's
// AutoMod never alerts on what peerhours would let pass, and the list fits
// Discord's limits for a keyword rule.
func TestBackstopKeywordsAreEmergencies(t *testing.T) {
	kws := BackstopKeywords()
	if len(kws) == 0 || len(kws) > 1000 {
		t.Fatalf("%d keywords; Discord takes 1 to 1,000", len(kws))
	}
	seen := map[string]bool{}
	for _, k := range kws {
		if seen[k] {
			t.Errorf("%q twice", k)
		}
		seen[k] = true
		if k != strings.ToLower(strings.TrimSpace(k)) || strings.Contains(k, "*") || utf8.RuneCountInString(k) > 60 {
			t.Errorf("%q: keywords are lower-case whole phrases of at most 60 characters", k)
		}
		if d := Classify(k); d.Category != Emergency {
			t.Errorf("%q is %v to triage, so it does not belong in the backstop", k, d.Category)
		}
	}
}
