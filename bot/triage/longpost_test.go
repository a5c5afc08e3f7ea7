package triage

import (
	"strings"
	"testing"
)

// A long post's dangerous passage is read as a message of its own; a long
// post of news with nothing dangerous in it stays what it was.
func TestLongPostPassages(t *testing.T) {
	news := "Hi all, quick catch-up from me. My grandson started nursery this week and loves the sand pit. " +
		"We finally repainted the kitchen, a pale green, and the cat has decided the new chair is hers. " +
		"The allotment gave us far too many courgettes again so if anyone wants soup recipes shout. "
	tests := []struct {
		name string
		text string
		want bool
	}{
		{"news only", news + "Anyway, hope everyone is keeping well and the new clinic times suit you all.", false},
		{"a farewell among the news", news + "I have given the cat to my sister and written my letters. I won't be around to see the next harvest and that is fine, I am ready to go. Thank you all for everything.", true},
	}
	for _, tt := range tests {
		a, _ := analyze(tt.text, nil, false)
		if a.words < longPostWords {
			t.Fatalf("%s: %d words, want a long post", tt.name, a.words)
		}
		got := ClassifyInContext(tt.text, nil).Category == Emergency
		if got != tt.want {
			t.Errorf("%s: emergency = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPassagesKeepWholeSentences(t *testing.T) {
	text := strings.Repeat("one two three four five six seven eight nine ten. ", 7) + "tail without a stop"
	ps := passages(text)
	if len(ps) < 2 {
		t.Fatalf("passages = %d, want several", len(ps))
	}
	if got := strings.Join(ps, " "); strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(text), " ") {
		t.Errorf("passages lost words:\n%q", ps)
	}
	for _, p := range ps[:len(ps)-1] {
		if !strings.HasSuffix(p, ".") {
			t.Errorf("passage %q does not end a sentence", p)
		}
	}
}
