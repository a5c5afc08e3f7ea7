package bot

import (
	"strings"
	"testing"
)

func TestThreadName(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "Peer support",
		"  **  ":                  "Peer support",
		"any tips for __sleep__?": "any tips for sleep?",
		"> quoted\n# heading":     "quoted heading",
		"hi <:wave:123456> all <@123456789012345678> <t:1700000000:R>": "hi :wave: all",
		"snake_case":            "snake case",
		strings.Repeat("a", 80): strings.Repeat("a", 59) + "…",
		"one two three four five six seven eight nine ten eleven twelve thirteen": "one two three four five six seven eight nine ten eleven…",
	} {
		if got := threadName(English, in); got != want {
			t.Errorf("threadName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPeerNamesAreBounded(t *testing.T) {
	var p peerNames
	for i := range maxPeerNames + 10 {
		p.put(string(rune('a'+i%26))+strings.Repeat("x", i%7)+string(rune(i)), "q")
	}
	if len(p.text) > maxPeerNames || len(p.order) > maxPeerNames {
		t.Errorf("%d names, %d in order", len(p.text), len(p.order))
	}
	p.put("m1", strings.Repeat("é", peerNameSource))
	if got, ok := p.take("m1"); !ok || len(got) > peerNameSource || !strings.HasPrefix(got, "éé") {
		t.Errorf("take = %q, %v", got, ok)
	}
	if _, ok := p.take("m1"); ok {
		t.Error("taken twice")
	}
}
