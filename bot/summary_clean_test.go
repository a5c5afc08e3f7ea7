package bot

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestCleanDraft(t *testing.T) {
	known := map[string]bool{"1": true, "2": true}
	d := cleanDraft(English, Draft{
		Overview: SummaryItem{Text: "People talked about lows. @everyone see https://evil.example/x and <@123456789012345678>", Cites: []string{"1", "77"}},
		Themes: []SummaryItem{
			{Text: "[Read this](https://evil.example/y) about sensors, or www.spam.example, discord.gg/abc", Cites: []string{"2"}},
			{Text: "Invented", Cites: []string{"99"}},
			{Text: "Uncited", Cites: nil},
			{Text: "   ", Cites: []string{"1"}},
			{Text: "Duplicate", Cites: []string{"1"}},
			{Text: "duplicate", Cites: []string{"2"}},
		},
		Safety:    []SummaryItem{{Text: "Member B said they would take all 40 of their pills tonight", Cites: []string{"2"}}},
		Questions: []SummaryItem{{Text: "# Heading\n> quote ＠here `code` " + strings.Repeat("long ", 200), Cites: []string{"1", "1", "2"}}},
	}, known)

	if d.Overview.Text != "People talked about lows. everyone see [link removed] and" || len(d.Overview.Cites) != 1 {
		t.Errorf("overview = %+v", d.Overview)
	}
	if len(d.Themes) != 2 || d.Themes[0].Text != "Read this about sensors, or [link removed], [link removed]" || d.Themes[1].Text != "Duplicate" {
		t.Errorf("themes = %+v", d.Themes)
	}
	if len(d.Safety) != 1 || d.Safety[0].Text != methodWithheld.In(English) {
		t.Errorf("a method detail survived: %+v", d.Safety)
	}
	q := d.Questions[0]
	if utf8.RuneCountInString(q.Text) > maxItemRunes || strings.ContainsAny(q.Text, "@＠`\n") || strings.HasPrefix(q.Text, "#") || len(q.Cites) != 2 {
		t.Errorf("question = %q %v", q.Text, q.Cites)
	}
}

// FuzzCleanDraft: whatever a model writes, what is left cites only known
// messages, holds no link, mention or "@", and fits the bounds.
func FuzzCleanDraft(f *testing.F) {
	for _, s := range []string{"@everyone https://x.y", "[a](b)", "<@&1> <#2> </x:3>", "www.x.com/a", "hxxp://", "a\x00b\u202e", "I will take 30 pills"} {
		f.Add(s, "1")
	}
	f.Fuzz(func(t *testing.T, text, cite string) {
		known := map[string]bool{"1": true}
		d := cleanDraft(English, Draft{Overview: SummaryItem{Text: text, Cites: []string{cite, "1"}}, Themes: []SummaryItem{{Text: text, Cites: []string{cite}}}}, known)
		for _, it := range append([]SummaryItem{d.Overview}, d.Themes...) {
			if it.Text == "" {
				continue
			}
			for _, c := range it.Cites {
				if !known[c] {
					t.Fatalf("unknown cite %q", c)
				}
			}
			lower := strings.ToLower(it.Text)
			for _, bad := range []string{"@", "＠", "://", "<@", "<#", "](", "discord.gg/", "`"} {
				if strings.Contains(lower, bad) {
					t.Fatalf("%q survives in %q", bad, it.Text)
				}
			}
			if utf8.RuneCountInString(it.Text) > maxOverviewRunes || !utf8.ValidString(it.Text) {
				t.Fatalf("bounds: %d runes", utf8.RuneCountInString(it.Text))
			}
		}
	})
}

func TestReviewPartsFitDiscord(t *testing.T) {
	var items []SummaryItem
	for range 40 {
		items = append(items, SummaryItem{Text: strings.Repeat("word ", 78) + "end", Cites: []string{"1234567890123456789", "1234567890123456790", "1234567890123456791", "1234567890123456792", "1234567890123456793", "1234567890123456794"}})
	}
	sum := Summary{ID: 1, GuildID: "123456789012345678", ChannelID: "123456789012345679", Kind: SummaryLLM, Status: ReviewPending,
		Draft: Draft{Overview: items[0], Themes: items[:8], Questions: items[8:16], Safety: items[16:24], Misinformation: items[24:32]}}
	parts := reviewParts(English, sum, Condition{Name: "Asthma"}, "review", nil)
	if len(parts) < 3 {
		t.Fatalf("%d parts for a long draft", len(parts))
	}
	seen := 0
	for i, p := range parts {
		if p.Part != i+1 || p.Parts != len(parts) {
			t.Errorf("part numbering %d/%d", p.Part, p.Parts)
		}
		total := reviewHeaderCost
		for _, s := range p.Sections {
			sec := len(s.Title) + 10
			for _, it := range s.Items {
				sec += itemCost(it)
				seen++
				if it.More != 1 || len(it.Links) != maxLinksPerItem {
					t.Errorf("links %d, more %d", len(it.Links), it.More)
				}
			}
			if sec > reviewSectionBudget+len(s.Title)+10 && len(s.Items) > 1 {
				t.Errorf("section %q is %d characters", s.Title, sec)
			}
			total += sec
		}
		if total > 6000 {
			t.Errorf("part %d is %d characters", p.Part, total)
		}
	}
	if seen != 33 {
		t.Errorf("%d items laid out, want 33", seen)
	}
}

func TestNextDigestKeepsLocalTime(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, tc := range []struct {
		now  time.Time
		at   string
		want time.Time
	}{
		// Go's time.Date resolves a skipped wall time to the hour before
		// in some zones and the hour after in others: both land at 03:30.
		{time.Date(2026, 3, 28, 12, 0, 0, 0, berlin), "02:30", time.Date(2026, 3, 29, 3, 30, 0, 0, berlin)},
		{time.Date(2026, 3, 28, 12, 0, 0, 0, berlin), "02:00", time.Date(2026, 3, 29, 3, 0, 0, 0, berlin)},
		{time.Date(2026, 3, 28, 12, 0, 0, 0, berlin), "03:00", time.Date(2026, 3, 29, 3, 0, 0, 0, berlin)},
		{time.Date(2026, 10, 24, 12, 0, 0, 0, berlin), "02:30", time.Date(2026, 10, 25, 2, 30, 0, 0, berlin)}, // repeated: the first
		{time.Date(2026, 3, 7, 12, 0, 0, 0, ny), "02:00", time.Date(2026, 3, 8, 3, 0, 0, 0, ny)},
		{time.Date(2026, 3, 7, 12, 0, 0, 0, ny), "08:00", time.Date(2026, 3, 8, 8, 0, 0, 0, ny)}, // across spring forward
		{time.Date(2026, 3, 8, 7, 0, 0, 0, ny), "08:00", time.Date(2026, 3, 8, 8, 0, 0, 0, ny)},
		{time.Date(2026, 11, 1, 9, 0, 0, 0, ny), "08:00", time.Date(2026, 11, 2, 8, 0, 0, 0, ny)}, // across fall back
		{time.Date(2026, 3, 7, 12, 0, 0, 0, ny), "02:30", time.Date(2026, 3, 8, 3, 30, 0, 0, ny)}, // a skipped time
	} {
		if got := nextDigest(tc.at, tc.now, tc.want.Location()); !got.Equal(tc.want) {
			t.Errorf("next %s after %v = %v, want %v", tc.at, tc.now, got.In(tc.want.Location()), tc.want)
		}
	}
	for _, bad := range []string{"8", "25:00", "08:60", "8:5", "noon"} {
		if _, err := ParseClock(bad); err == nil {
			t.Errorf("ParseClock(%q) accepted", bad)
		}
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"":           now.Add(-7 * 24 * time.Hour),
		"24h":        now.Add(-24 * time.Hour),
		"7d":         now.Add(-7 * 24 * time.Hour),
		"2w":         now.Add(-14 * 24 * time.Hour),
		"2026-11-20": time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
	} {
		if got, err := ParseSince(in, now, time.UTC); err != nil || !got.Equal(want) {
			t.Errorf("ParseSince(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"yesterday", "0d", "-1h", "2027-01-01", "9999d"} {
		if _, err := ParseSince(bad, now, time.UTC); ErrorCode(err) != EINVALID {
			t.Errorf("ParseSince(%q) = %v", bad, err)
		}
	}
}
