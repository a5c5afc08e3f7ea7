package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

func testCondition(t *testing.T, db *DB) bot.Condition {
	t.Helper()
	c, err := db.CreateCondition(context.Background(), bot.Condition{GuildID: "g", Name: "Asthma", CategoryID: "cat",
		RoleID: "r", MentorRoleID: "mr", PeerChannelID: "peer", OfficeChannelID: "office", CreatedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCapturedMessages(t *testing.T) { bothBackends(t, testCapturedMessages) }

func testCapturedMessages(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	c := testCondition(t, db)
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	add := func(id, channel, parent, author string, at time.Time) {
		t.Helper()
		ok, err := db.CaptureMessage(ctx, bot.CapturedMessage{ID: id, GuildID: "g", ChannelID: channel, ParentID: parent,
			ConditionID: c.ID, AuthorID: author, Content: "text " + id, CreatedAt: at, CapturedAt: at})
		if err != nil || !ok {
			t.Fatalf("capture %s: %v %v", id, ok, err)
		}
	}
	for i := range 5 {
		add(fmt.Sprintf("%d", 100+i), "peer", "", "u1", t0.Add(time.Duration(i)*time.Minute))
	}
	add("200", "thread", "peer", "u2", t0.Add(10*time.Minute))
	add("300", "other", "", "u1", t0.Add(10*time.Minute))
	// Once per message ID.
	if ok, err := db.CaptureMessage(ctx, bot.CapturedMessage{ID: "100", GuildID: "g", ChannelID: "peer", ConditionID: c.ID,
		AuthorID: "u1", Content: "again", CreatedAt: t0, CapturedAt: t0}); ok || err != nil {
		t.Errorf("second capture = %v, %v", ok, err)
	}
	if err := db.SetDecision(ctx, bot.DecisionRecord{MessageID: "101", GuildID: "g", ChannelID: "peer", ConditionID: c.ID,
		UserID: "u1", Category: 3, Reasons: []string{"emergency.selfharm.thoughts"}, Source: "rules", CreatedAt: t0, UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.EditCapturedMessage(ctx, "102", "edited", t0.Add(time.Hour)); !ok || err != nil {
		t.Errorf("edit = %v, %v", ok, err)
	}
	if ok, _ := db.EditCapturedMessage(ctx, "999", "x", t0); ok {
		t.Error("edit of a message not stored reported true")
	}

	got, err := db.CapturedMessages(ctx, "peer", t0, t0.Add(time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	ids := ""
	for _, m := range got {
		ids += m.ID + " "
	}
	if ids != "100 101 102 103 104 200 " {
		t.Fatalf("channel and thread = %q", ids)
	}
	if got[1].Category != "emergency" || len(got[1].Reasons) != 1 || got[2].Content != "edited" || got[2].EditedAt.IsZero() {
		t.Errorf("decision or edit missing: %+v %+v", got[1], got[2])
	}
	if got, _ := db.CapturedMessages(ctx, "peer", t0, t0.Add(time.Hour), 2); len(got) != 2 || got[0].ID != "104" || got[1].ID != "200" {
		t.Errorf("limit keeps the newest, oldest first: %+v", got)
	}
	// Opted-out members are left out; opting back in brings them back.
	if ok, err := db.Summarisable(ctx, "g", "u1"); ok || err != nil {
		t.Errorf("summarisable without consent: %v, %v", ok, err)
	}
	if err := db.SaveConsent(ctx, bot.Consent{GuildID: "g", UserID: "u1", Version: 1, AcceptedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.Summarisable(ctx, "g", "u1"); !ok || err != nil {
		t.Errorf("summarisable with consent: %v, %v", ok, err)
	}
	db.SetSummaryOptOut(ctx, "g", "u1", true, t0)
	if ok, _ := db.Summarisable(ctx, "g", "u1"); ok {
		t.Error("opt-out not stored")
	}
	if got, _ := db.CapturedMessages(ctx, "peer", t0, t0.Add(time.Hour), 100); len(got) != 1 || got[0].ID != "200" {
		t.Errorf("opted-out member's messages returned: %+v", got)
	}
	db.SetSummaryOptOut(ctx, "g", "u1", false, t0)

	if n, err := db.DeleteCapturedMessages(ctx, "103", "nope"); n != 1 || err != nil {
		t.Errorf("delete = %d, %v", n, err)
	}
	have, _ := db.CapturedIDs(ctx, []string{"103", "104"})
	if have["103"] || !have["104"] {
		t.Errorf("CapturedIDs = %v", have)
	}
	if n, err := db.PurgeCapturedBefore(ctx, t0.Add(2*time.Minute)); n != 2 || err != nil {
		t.Errorf("purge = %d, %v", n, err)
	}
	if n, _ := db.DeleteCapturedMessagesBy(ctx, "g", "u2"); n != 1 {
		t.Errorf("delete by author = %d", n)
	}
}

func TestSummariesReviewAgendaDigest(t *testing.T) { bothBackends(t, testSummariesReviewAgendaDigest) }

func testSummariesReviewAgendaDigest(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	c := testCondition(t, db)
	now := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	s, err := db.AddSummary(ctx, bot.Summary{GuildID: "g", ConditionID: c.ID, ChannelID: "thread", ParentID: "peer",
		Fingerprint: "fp", Kind: bot.SummaryLLM, Draft: bot.Draft{Overview: bot.SummaryItem{Text: "o", Cites: []string{"1"}}},
		Sources: 3, Authors: 2, Origin: bot.OriginCommand, CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.SummaryByFingerprint(ctx, "fp")
	if err != nil || got.ID != s.ID || got.Draft.Overview.Text != "o" || got.Status != bot.ReviewPending {
		t.Fatalf("by fingerprint = %+v, %v", got, err)
	}
	// A message in the thread's channel outdates it, once.
	if ids, _ := db.MarkSummariesOutdated(ctx, "peer"); len(ids) != 1 || ids[0] != s.ID {
		t.Errorf("outdated = %v", ids)
	}
	if ids, _ := db.MarkSummariesOutdated(ctx, "thread"); len(ids) != 0 {
		t.Errorf("outdated twice: %v", ids)
	}
	if ok, _ := db.ReviewSummary(ctx, s.ID, bot.ReviewFollowUp, "doc", "", now); !ok {
		t.Error("first review refused")
	}
	if ok, _ := db.ReviewSummary(ctx, s.ID, bot.ReviewRejected, "doc2", "no", now); ok {
		t.Error("second review accepted")
	}
	a1, err := db.AddAgendaItem(ctx, bot.AgendaItem{GuildID: "g", ConditionID: c.ID, SummaryID: s.ID, AddedBy: "doc", AddedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	a2, _ := db.AddAgendaItem(ctx, bot.AgendaItem{GuildID: "g", ConditionID: c.ID, SummaryID: s.ID, AddedBy: "doc2", AddedAt: now})
	if a1.ID != a2.ID || a2.AddedBy != "doc" {
		t.Errorf("agenda item added twice: %+v %+v", a1, a2)
	}
	if open, _ := db.OpenAgendaItems(ctx, c.ID); len(open) != 1 {
		t.Errorf("open items = %+v", open)
	}
	db.CloseAgendaItem(ctx, a1.ID, 7, now)
	if open, _ := db.OpenAgendaItems(ctx, c.ID); len(open) != 0 {
		t.Errorf("closed item still open: %+v", open)
	}
	if err := db.SetSummaryPost(ctx, s.ID, 0, "review", "m1"); err != nil {
		t.Fatal(err)
	}
	if posts, _ := db.SummaryPosts(ctx, s.ID); posts[0] != "m1" {
		t.Errorf("posts = %v", posts)
	}
	// Retention erases the draft, keeps the review.
	db.PurgeCapturedBefore(ctx, now.Add(time.Hour))
	got, _ = db.Summary(ctx, s.ID)
	if !got.Expired || !got.Draft.Empty() || got.Status != bot.ReviewFollowUp {
		t.Errorf("after retention: %+v", got)
	}
	if _, err := db.SummaryByFingerprint(ctx, "fp"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("expired summary still found by fingerprint: %v", err)
	}

	if err := db.SetDigest(ctx, bot.Digest{ConditionID: c.ID, GuildID: "g", At: "08:00", SetBy: "mod", UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	db.SetDigest(ctx, bot.Digest{ConditionID: c.ID, GuildID: "g", At: "09:30", SetBy: "mod", UpdatedAt: now})
	if d, _ := db.Digest(ctx, c.ID); d.At != "09:30" {
		t.Errorf("digest = %+v", d)
	}
	if all, _ := db.Digests(ctx); len(all) != 1 {
		t.Errorf("digests = %+v", all)
	}
	if ok, _ := db.DeleteDigest(ctx, c.ID); !ok {
		t.Error("digest not deleted")
	}
}
