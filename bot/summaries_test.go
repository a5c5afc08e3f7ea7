package bot_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
)

// consent makes user a consenting member of c.
func (w *world) consent(c bot.Condition, user string) {
	w.t.Helper()
	if _, err := w.svc.AcceptGuidelines(w.ctx, bot.Caller{UserID: user, GuildID: guild}, c.ID, bot.GuidelinesVersion, false); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) stored(c bot.Condition) []bot.CapturedMessage {
	w.t.Helper()
	msgs, err := w.db.CapturedMessages(w.ctx, c.PeerChannelID, time.Time{}, w.clock.Now().Add(time.Hour), 10000)
	if err != nil {
		w.t.Fatal(err)
	}
	return msgs
}

var clinician = bot.Caller{UserID: "doc1", GuildID: guild, RoleIDs: []string{"docrole"}}

func TestCaptureConsentEditsDeletesRetention(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	w.consent(c, "pat")
	m := w.post(c, "pat", "does anyone else get lows at night?")
	w.post(c, "stranger", "I never accepted the guidelines")
	// A redelivery stores nothing twice.
	w.svc.HandleMessage(w.ctx, m)
	if got := w.stored(c); len(got) != 1 || got[0].ID != m.ID || got[0].ConditionID != c.ID {
		t.Fatalf("stored %+v", got)
	}
	m.Content = "does anyone else get lows at night? (edited)"
	w.svc.HandleEdit(w.ctx, m)
	if got := w.stored(c); got[0].Content != m.Content {
		t.Errorf("edit not applied: %q", got[0].Content)
	}
	w.svc.HandleDelete(w.ctx, m.ID)
	if got := w.stored(c); len(got) != 0 {
		t.Errorf("deleted message still stored")
	}

	// Retention: the purge job erases text older than RETENTION_DAYS.
	w.post(c, "pat", "an old message")
	if err := w.svc.StartSummaryJobs(w.ctx); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(89 * 24 * time.Hour)
	w.svc.RunDueJobs(w.ctx)
	if len(w.stored(c)) != 1 {
		t.Fatal("purged before RETENTION_DAYS")
	}
	w.clock.Advance(25 * time.Hour)
	for i := 0; i < 30; i++ {
		w.svc.RunDueJobs(w.ctx)
		w.clock.Advance(time.Hour)
	}
	if len(w.stored(c)) != 0 {
		t.Error("not purged after RETENTION_DAYS")
	}
}

func TestSummarizeExtractiveAndReview(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	w.consent(c, "pat")
	w.consent(c, "pat2")
	q := w.post(c, "pat", "Has anyone tried the new sensor?")
	w.post(c, "pat2", "Yes, an overpatch keeps it on")

	if _, err := w.svc.Summarize(w.ctx, bot.Caller{UserID: "pat", GuildID: guild}, bot.SummaryRequest{ChannelID: c.PeerChannelID}); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("a patient summarised: %v", err)
	}
	if _, err := w.svc.Summarize(w.ctx, clinician, bot.SummaryRequest{ChannelID: "general"}); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("summary of a channel outside conditions: %v", err)
	}
	res, err := w.svc.Summarize(w.ctx, clinician, bot.SummaryRequest{ChannelID: c.PeerChannelID, Since: "24h"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Existing || res.Summary.Kind != bot.SummaryExtractive || res.Summary.Fallback != "no_llm" || res.Summary.Sources != 2 {
		t.Fatalf("result %+v", res)
	}
	posts := bottest.Notices[bot.SummaryReview](w.d)
	if len(posts) != 1 || posts[0].ChannelID != "review" || !posts[0].Last() {
		t.Fatalf("review posts %+v", posts)
	}
	found := false
	for _, s := range posts[0].Sections {
		for _, it := range s.Items {
			for _, l := range it.Links {
				found = found || strings.HasSuffix(l, "/"+q.ID)
			}
		}
	}
	if !found {
		t.Errorf("no jump link to the question: %+v", posts[0].Sections)
	}
	// Same sources: the stored summary, nothing posted.
	again, err := w.svc.Summarize(w.ctx, clinician, bot.SummaryRequest{ChannelID: c.PeerChannelID, Last: 100})
	if err != nil || !again.Existing || again.Summary.ID != res.Summary.ID || len(bottest.Notices[bot.SummaryReview](w.d)) != 1 {
		t.Errorf("repeat: %+v, %v", again, err)
	}

	if _, err := w.svc.ReviewSummary(w.ctx, clinician, res.Summary.ID, bot.ReviewRejected, " "); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("rejection without a reason: %v", err)
	}
	n, err := w.svc.ReviewSummary(w.ctx, clinician, res.Summary.ID, bot.ReviewFollowUp, "")
	if err != nil || n.Status != bot.ReviewFollowUp || n.ReviewedBy != "doc1" {
		t.Fatalf("follow-up: %+v, %v", n, err)
	}
	if items, _ := w.db.OpenAgendaItems(w.ctx, c.ID); len(items) != 1 || items[0].SummaryID != res.Summary.ID {
		t.Errorf("agenda = %+v", items)
	}
	n, _ = w.svc.ReviewSummary(w.ctx, w.mod, res.Summary.ID, bot.ReviewApproved, "")
	if n.Status != bot.ReviewFollowUp || n.ReviewedBy != "doc1" {
		t.Errorf("a second decision replaced the first: %+v", n)
	}

	// A new message outdates it and its post says so.
	w.post(c, "pat", "one more thing")
	w.svc.RunDueJobs(w.ctx)
	if len(w.d.Edits) == 0 || !w.d.Edits[len(w.d.Edits)-1].Notice.(bot.SummaryReview).Outdated {
		t.Errorf("post not marked outdated: %+v", w.d.Edits)
	}
}

type fakeSummarizer struct {
	draft bot.Draft
	err   error
	got   bot.SummaryInput
}

func (f *fakeSummarizer) Summarize(_ context.Context, in bot.SummaryInput) (bot.Draft, error) {
	f.got = in
	return f.draft, f.err
}

func TestSummarizeWithLLM(t *testing.T) {
	w := newWorld(t)
	z := &fakeSummarizer{draft: bot.Draft{
		Overview: bot.SummaryItem{Text: "Talk about sensors @everyone https://x.example", Cites: []string{"1", "77"}},
		Themes:   []bot.SummaryItem{{Text: "Invented", Cites: []string{"42"}}},
	}}
	w.svc = bot.NewService(w.db, w.d, bot.WithClock(w.clock.Now), bot.WithSummarizer(z))
	w.d.MemberList = []bot.Member{{ID: "pat", Username: "maria_l", GlobalName: "Maria Lopez"}}
	c := w.condition("Asthma")
	w.consent(c, "pat")
	w.consent(c, "pat2")
	w.post(c, "pat", "I'm Maria, email maria@example.com, my inhaler ran out")
	w.post(c, "pat2", "Maria, <@pat> call 415-555-0134 to refill")
	w.post(c, "pat", "I want to kill myself")

	res, err := w.svc.Summarize(w.ctx, clinician, bot.SummaryRequest{ChannelID: c.PeerChannelID, Focus: "Maria's inhaler"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range z.got.Messages {
		for _, bad := range []string{"Maria", "maria", "415", "<@"} {
			if strings.Contains(m.Text, bad) {
				t.Errorf("sent %q to the LLM", m.Text)
			}
		}
	}
	if strings.Contains(z.got.Focus, "Maria") || z.got.Messages[0].Author != "Member A" || z.got.Messages[1].Author != "Member B" {
		t.Errorf("input %+v", z.got)
	}
	d := res.Summary.Draft
	if res.Summary.Kind != bot.SummaryLLM || d.Overview.Text != "Talk about sensors everyone [link removed]" || len(d.Themes) != 0 {
		t.Errorf("draft not cleaned: %+v", d)
	}
	if len(d.Safety) != 1 || d.Safety[0].Cites[0] == "" {
		t.Errorf("the flagged emergency was not added to the safety section: %+v", d.Safety)
	}

	// A failing LLM: the extractive summary, labelled with why.
	z.err = bot.Errorf(bot.EUNAVAILABLE, "timeout")
	w.post(c, "pat2", "anyone?")
	res, err = w.svc.Summarize(w.ctx, clinician, bot.SummaryRequest{ChannelID: c.PeerChannelID})
	if err != nil || res.Summary.Kind != bot.SummaryExtractive || res.Summary.Fallback != "llm_timeout" {
		t.Errorf("fallback: %+v, %v", res.Summary, err)
	}
	z.err = errors.New("boom")
	w.post(c, "pat2", "hello?")
	if res, _ = w.svc.Summarize(w.ctx, clinician, bot.SummaryRequest{ChannelID: c.PeerChannelID}); res.Summary.Fallback != "llm_failed" {
		t.Errorf("fallback = %q", res.Summary.Fallback)
	}
}

func TestBackfillAndOptOut(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	// Consent came before the messages read back: consent is judged by
	// when a message was written.
	w.consent(c, "pat")
	w.clock.Advance(5 * time.Hour)
	now := w.clock.Now()
	for i := range 250 {
		author := "pat"
		if i%2 == 1 {
			author = "stranger"
		}
		w.d.Backlog[c.PeerChannelID] = append(w.d.Backlog[c.PeerChannelID], bot.Message{ID: fmt.Sprint(5000 + i),
			AuthorID: author, Content: fmt.Sprintf("old message %d", i), CreatedAt: now.Add(time.Duration(i-250) * time.Minute)})
	}
	res, err := w.svc.Summarize(w.ctx, clinician, bot.SummaryRequest{ChannelID: c.PeerChannelID, Since: "2h"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Sources != 60 || w.d.HistoryCalls != 2 {
		t.Errorf("%d messages from %d history pages, want 60 from 2", res.Summary.Sources, w.d.HistoryCalls)
	}
	if err := w.svc.SetSummaryOptOut(w.ctx, bot.Caller{UserID: "pat", GuildID: guild}, true); err != nil {
		t.Fatal(err)
	}
	if len(w.stored(c)) != 0 {
		t.Error("an opted-out member's text is still stored")
	}
	w.post(c, "pat", "after opting out")
	if len(w.stored(c)) != 0 {
		t.Error("captured after opting out")
	}
}

func TestDailyDigest(t *testing.T) {
	w := newWorld(t) // 12:00 UTC, server time zone UTC
	c := w.condition("Diabetes")
	w.consent(c, "pat")
	if _, err := w.svc.SetDigest(w.ctx, clinician, "Diabetes", "08:00"); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("a clinician set a digest: %v", err)
	}
	res, err := w.svc.SetDigest(w.ctx, w.mod, "Diabetes", "18:30")
	if err != nil || !res.Next.Equal(time.Date(2026, 11, 26, 18, 30, 0, 0, time.UTC)) {
		t.Fatalf("digest %+v, %v", res, err)
	}
	w.post(c, "pat", "quiet day")
	w.clock.Advance(6*time.Hour + 31*time.Minute)
	w.svc.RunDueJobs(w.ctx)
	posts := bottest.Notices[bot.SummaryReview](w.d)
	if len(posts) != 1 || posts[0].Origin != bot.OriginDigest {
		t.Fatalf("digest posts %+v", posts)
	}
	// The next day: nothing new, nothing posted; the day after, a new message.
	w.clock.Advance(24 * time.Hour)
	w.svc.RunDueJobs(w.ctx)
	w.post(c, "pat", "new day")
	w.clock.Advance(24 * time.Hour)
	w.svc.RunDueJobs(w.ctx)
	if n := len(bottest.Notices[bot.SummaryReview](w.d)); n != 2 {
		t.Errorf("%d digest posts, want 2", n)
	}
	if _, err := w.svc.SetDigest(w.ctx, w.mod, "Diabetes", "off"); err != nil {
		t.Fatal(err)
	}
	w.post(c, "pat", "after off")
	w.clock.Advance(24 * time.Hour)
	w.svc.RunDueJobs(w.ctx)
	if n := len(bottest.Notices[bot.SummaryReview](w.d)); n != 2 {
		t.Errorf("a digest ran after it was switched off (%d posts)", n)
	}
}

func TestSummarizeSession(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	w.consent(c, "pat")
	start := w.clock.Now()
	msgSeq++
	m := bot.Message{ID: fmt.Sprintf("m%d", msgSeq), GuildID: guild, ChannelID: "qthread", ParentID: c.OfficeChannelID,
		AuthorID: "pat", Content: "Thank you, I will ask my GP about the dose", CreatedAt: start}
	if err := w.svc.HandleMessage(w.ctx, m); err != nil {
		t.Fatal(err)
	}
	res, err := w.svc.SummarizeSession(w.ctx, c, start, start.Add(time.Hour))
	if err != nil || res.Summary.Origin != bot.OriginSession || res.Summary.Sources != 1 || res.ReviewURL == "" {
		t.Fatalf("session summary %+v, %v", res, err)
	}
	if _, err := w.svc.SummarizeSession(w.ctx, c, start.Add(time.Hour), start.Add(2*time.Hour)); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("empty session: %v", err)
	}
}

// The end of a session: its report in the review channel links to the
// draft summary of what was written in the office-hours channel's threads
// while it was open; a session where nobody wrote gets no link.
func TestSessionReportLinksItsSummary(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	w.consent(c, "pat")
	res := w.schedule(c, "2026-12-01 18:00", 60, bot.RepeatWeekly)
	first, second := res.Sessions[0], res.Sessions[1]

	w.until(first.StartsAt.Add(5 * time.Minute))
	msgSeq++
	m := bot.Message{ID: fmt.Sprintf("m%d", msgSeq), GuildID: guild, ChannelID: "qthread", ParentID: c.OfficeChannelID,
		AuthorID: "pat", Content: "Thank you, that explains the morning highs", CreatedAt: w.clock.Now()}
	if err := w.svc.HandleMessage(w.ctx, m); err != nil {
		t.Fatal(err)
	}
	w.until(first.EndsAt)
	reports := bottest.Notices[bot.SessionReport](w.d)
	if len(reports) != 1 || reports[0].SummaryURL == "" {
		t.Fatalf("reports = %+v", reports)
	}
	var session []bot.SummaryReview
	for _, p := range bottest.Notices[bot.SummaryReview](w.d) {
		if p.Origin == bot.OriginSession {
			session = append(session, p)
		}
	}
	if len(session) != 1 || session[0].Sources != 1 || session[0].ChannelID != "review" {
		t.Fatalf("session summaries = %+v", session)
	}
	if !strings.Contains(reports[0].SummaryURL, "/review/") {
		t.Errorf("the report links to %q, not to the review channel", reports[0].SummaryURL)
	}

	// The next session: nobody wrote, so the report has no link.
	w.until(second.StartsAt)
	w.until(second.EndsAt)
	reports = bottest.Notices[bot.SessionReport](w.d)
	if len(reports) != 2 || reports[1].SummaryURL != "" {
		t.Errorf("second report = %+v", reports[len(reports)-1])
	}
}
