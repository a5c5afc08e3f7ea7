package bot

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot/redact"
)

// benchThread is n captured messages of a realistic mix: questions,
// replies, threads, a few flagged ones, some identifiers.
func benchThread(n int) ([]CapturedMessage, []Member) {
	r := rand.New(rand.NewPCG(3, 4))
	phrases := []string{"my sugar was 54 this morning", "does anyone else get lows at night?", "the new sensor keeps falling off",
		"I walk after dinner and it helps", "should I change my insulin dose before running?", "call me at 415-555-0134",
		"thanks Maria, that worked", "my A1C went from 8.1 to 7.2", "carb counting at restaurants is hard",
		"email me at sam@example.com", "I feel so tired all the time", "what apps do you use to log meals?"}
	members := make([]Member, 40)
	for i := range members {
		members[i] = Member{ID: fmt.Sprint(1000 + i), Username: fmt.Sprintf("user%d", i), GlobalName: []string{"Maria Lopez", "Sam Lee", "Ana", "Tom"}[i%4]}
	}
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	msgs := make([]CapturedMessage, n)
	for i := range msgs {
		var parts []string
		for range 1 + r.IntN(4) {
			parts = append(parts, phrases[r.IntN(len(phrases))])
		}
		m := CapturedMessage{ID: strconv.Itoa(100000 + i), ChannelID: "peer", AuthorID: members[r.IntN(len(members))].ID,
			Content: strings.Join(parts, ". "), CreatedAt: t0.Add(time.Duration(i) * time.Minute), Category: "none"}
		switch k := r.IntN(100); {
		case k < 2:
			m.Category, m.Reasons = "emergency", []string{"emergency.medical.hypoglycaemia"}
		case k < 15:
			m.Category = "clinical"
		}
		if i > 0 && r.IntN(3) == 0 {
			m.ReplyTo = msgs[r.IntN(i)].ID
		}
		msgs[i] = m
	}
	return msgs, members
}

func redactAll(msgs []CapturedMessage, members []Member) []SourceMessage {
	var authors []string
	seen := map[string]bool{}
	for _, m := range msgs {
		if !seen[m.AuthorID] {
			seen[m.AuthorID] = true
			authors = append(authors, m.AuthorID)
		}
	}
	p := redact.New(members).NewPseudonymizer(authors...)
	src := make([]SourceMessage, len(msgs))
	for i, m := range msgs {
		src[i] = SourceMessage{Ref: strconv.Itoa(i + 1), Author: p.Author(m.AuthorID), Text: p.RedactMessage(m.AuthorID, m.Content)}
	}
	return src
}

func TestExtractive(t *testing.T) {
	msgs := []CapturedMessage{
		{ID: "10", AuthorID: "a", Content: "Has anyone tried the new sensor?", Category: "peer"},
		{ID: "11", AuthorID: "b", Content: "Yes, use an overpatch", ReplyTo: "10"},
		{ID: "12", AuthorID: "c", Content: "I took all my pills", Category: "emergency", Reasons: []string{"emergency.selfharm.behaviour"}},
		{ID: "13", AuthorID: "a", Content: "Should I raise my insulin dose?", Category: "clinical"},
		{ID: "14", ChannelID: "10", ParentID: "peer", AuthorID: "c", Content: "It stays on for me"},
	}
	src := redactAll(msgs, nil)
	d := extractive(English, msgs, src)
	if len(d.Safety) != 1 || strings.Contains(d.Safety[0].Text, "pills") || d.Safety[0].Cites[0] != "3" ||
		!strings.Contains(d.Safety[0].Text, "self-harm") {
		t.Errorf("safety = %+v", d.Safety)
	}
	if len(d.Questions) != 2 || d.Questions[0].Cites[0] != "4" || d.Questions[1].Cites[0] != "1" {
		t.Errorf("questions (clinical first) = %+v", d.Questions)
	}
	if len(d.Themes) != 1 || d.Themes[0].Cites[0] != "1" || !strings.Contains(d.Themes[0].Text, "2 replies") {
		t.Errorf("themes (most replied) = %+v", d.Themes)
	}
	if !strings.HasPrefix(d.Overview.Text, "5 messages from 3 members.") || len(d.Overview.Cites) == 0 {
		t.Errorf("overview = %+v", d.Overview)
	}
	if !strings.Contains(d.Overview.Text, " 2 questions asked. 1 message flagged as a possible emergency.") {
		t.Errorf("overview counts do not agree with their words: %q", d.Overview.Text)
	}
}

// The extractive summary of 5,000 messages, from redacted text.
func BenchmarkExtractive5000(b *testing.B) {
	msgs, members := benchThread(5000)
	src := redactAll(msgs, members)
	known := map[string]bool{}
	for _, s := range src {
		known[s.Ref] = true
	}
	for b.Loop() {
		cleanDraft(English, extractive(English, msgs, src), known)
	}
}

// The same with redaction and pseudonyms included: everything between the
// stored messages and the draft.
func BenchmarkRedactAndExtractive5000(b *testing.B) {
	msgs, members := benchThread(5000)
	for b.Loop() {
		src := redactAll(msgs, members)
		known := map[string]bool{}
		for _, s := range src {
			known[s.Ref] = true
		}
		cleanDraft(English, extractive(English, msgs, src), known)
	}
}
