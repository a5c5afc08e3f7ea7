package llm

import (
	"strings"
	"testing"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/prompts"
)

// FuzzParseDraft: whatever the model replies, parseDraft never panics, and a
// draft it accepts cites only references that were sent, has no empty
// item, and does not repeat the system prompt.
func FuzzParseDraft(f *testing.F) {
	for _, s := range []string{
		`{"overview":{"text":"x","cites":["1"]},"themes":[],"questions":[],"misinformation":[],"safety":[]}`,
		`{"overview":{"text":"x","cites":[1, 2.5, "3", null]}}`,
		`{"themes":[{"text":"t","cites":["9"]}]}`,
		`{"summary":"x"}`, `[]`, `{"overview":null}`, `{"overview":{"text":"PH-PROMPT-7c41","cites":["1"]}}`,
	} {
		f.Add(s)
	}
	leak := newLeakCheck(prompts.SummarySystem())
	known := map[string]bool{"1": true, "2": true, "3": true}
	f.Fuzz(func(t *testing.T, reply string) {
		d, err := parseDraft(reply, known, leak)
		if err != nil {
			return
		}
		if d.Empty() {
			t.Fatal("accepted an empty draft")
		}
		items := append([]bot.SummaryItem{}, d.Themes...)
		items = append(items, d.Questions...)
		items = append(items, d.Misinformation...)
		items = append(items, d.Safety...)
		if d.Overview.Text != "" {
			items = append(items, d.Overview)
		}
		for _, it := range items {
			if strings.TrimSpace(it.Text) == "" || len(it.Cites) == 0 {
				t.Fatalf("empty or uncited item %+v", it)
			}
			for _, c := range it.Cites {
				if !known[c] {
					t.Fatalf("unknown cite %q", c)
				}
			}
			if leak.leaks(it.Text) {
				t.Fatalf("prompt leak accepted: %q", it.Text)
			}
		}
	})
}
