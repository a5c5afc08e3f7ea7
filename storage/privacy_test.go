package storage

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// fileContains reports which of the database's files hold b: on SQLite,
// the database file or its WAL; on PostgreSQL, the files of the
// database's tables and indexes (not the server's WAL, see
// docs/privacy.md), read after a checkpoint has written them.
func fileContains(t *testing.T, db *DB, b []byte) []string {
	t.Helper()
	files := []string{db.Path(), db.Path() + "-wal"}
	if db.postgres {
		files = relationFiles(t, db)
	}
	var in []string
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(data, b) {
			in = append(in, filepath.Base(p))
		}
	}
	return in
}

// relationFiles lists the files of a PostgreSQL database's tables and
// indexes, TOAST included, once a checkpoint has written them. A server
// whose files this test cannot read (another machine's) skips the test.
func relationFiles(t *testing.T, db *DB) []string {
	t.Helper()
	ctx := context.Background()
	if _, err := db.sql.ExecContext(ctx, `CHECKPOINT`); err != nil {
		t.Skipf("cannot checkpoint the server to read its files: %v", err)
	}
	var dir string
	if err := db.read.QueryRowContext(ctx, `SELECT current_setting('data_directory')`).Scan(&dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the server's files are not readable here: %v", err)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT pg_relation_filepath(oid) FROM pg_class
		WHERE relkind IN ('r', 't', 'i') AND pg_relation_filepath(oid) IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var files []string
	for rows.Next() {
		var rel string
		if err := rows.Scan(&rel); err != nil {
			t.Fatal(err)
		}
		// A relation's first segment; tables this small have no other.
		files = append(files, filepath.Join(dir, rel))
	}
	return files
}

func TestErasePersonLeavesNoTextInTheFiles(t *testing.T) {
	bothBackends(t, testErasePersonLeavesNoTextInTheFiles)
}

func testErasePersonLeavesNoTextInTheFiles(t *testing.T) {
	ctx := context.Background()
	db, err := openAt(ctx, freshTarget(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	c := testCondition(t, db)
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	const canary = "CANARY-7f3a-zebra-lantern"
	if err := db.SaveConsent(ctx, bot.Consent{GuildID: "g", UserID: "u1", Version: 1, AcceptedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveMembership(ctx, bot.Membership{GuildID: "g", UserID: "u1", ConditionID: c.ID, JoinedAt: t0}); err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"m1", "m2"} {
		if _, err := db.CaptureMessage(ctx, bot.CapturedMessage{ID: id, GuildID: "g", ChannelID: "peer", ConditionID: c.ID,
			AuthorID: "u1", Content: canary + " " + strings.Repeat("words ", 50*(i+1)), CreatedAt: t0, CapturedAt: t0}); err != nil {
			t.Fatal(err)
		}
	}
	// Someone else's message stays.
	if _, err := db.CaptureMessage(ctx, bot.CapturedMessage{ID: "m3", GuildID: "g", ChannelID: "peer", ConditionID: c.ID,
		AuthorID: "u2", Content: "other person's words", CreatedAt: t0, CapturedAt: t0}); err != nil {
		t.Fatal(err)
	}
	q, err := db.AddQuestion(ctx, bot.Question{GuildID: "g", ConditionID: c.ID, UserID: "u1", Text: canary + " dose?",
		SourceMessageID: "m1", CreatedAt: t0, UpdatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetDecision(ctx, bot.DecisionRecord{MessageID: "m1", GuildID: "g", ChannelID: "peer", ConditionID: c.ID,
		UserID: "u1", Category: 2, Source: "rules", CreatedAt: t0, UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	sum, err := db.AddSummary(ctx, bot.Summary{GuildID: "g", ConditionID: c.ID, ChannelID: "peer", Fingerprint: "f", Kind: bot.SummaryExtractive,
		Draft: bot.Draft{Overview: bot.SummaryItem{Text: "overview", Cites: []string{"m3"}},
			Themes: []bot.SummaryItem{{Text: canary + " theme", Cites: []string{"m1"}}, {Text: "kept", Cites: []string{"m3"}}}},
		Sources: 3, Authors: 2, Origin: bot.OriginCommand, CreatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Compact(ctx); err != nil { // the text is now in the main file too
		t.Fatal(err)
	}

	p, err := db.PersonalData(ctx, "g", "u1")
	if err != nil {
		t.Fatal(err)
	}
	if p.Consent == nil || len(p.Memberships) != 1 || p.Memberships[0].Condition != "Asthma" || len(p.Messages) != 2 ||
		len(p.Questions) != 1 || len(p.Decisions) != 1 || p.Summaries != 1 {
		t.Fatalf("PersonalData = %+v", p)
	}
	if in := fileContains(t, db, []byte(canary)); len(in) == 0 {
		t.Fatal("the canary is not in the files before erasure: the check below would prove nothing")
	}

	// What bot.Service.ErasePersonalData does, in one transaction.
	err = db.Atomically(ctx, func(tx bot.Store) error {
		sums, err := tx.SummariesCiting(ctx, "g", []string{"m1", "m2"})
		if err != nil || len(sums) != 1 {
			t.Fatalf("SummariesCiting = %v, %v", sums, err)
		}
		d := sums[0].Draft
		d.Themes = d.Themes[1:]
		if err := tx.SetSummaryDraft(ctx, sums[0].ID, d); err != nil {
			return err
		}
		er, err := tx.ErasePerson(ctx, "g", "u1", t0.Add(time.Hour))
		if er != (bot.Erasure{Messages: 2, Questions: 1, Consents: 1, Memberships: 1, Decisions: 1}) {
			t.Errorf("Erasure = %+v", er)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if in := fileContains(t, db, []byte(canary)); len(in) > 0 {
		t.Errorf("the canary is still in %v after erasure and checkpoint", in)
	}
	p, err = db.PersonalData(ctx, "g", "u1")
	if err != nil {
		t.Fatal(err)
	}
	if p.Consent != nil || len(p.Memberships)+len(p.Messages)+len(p.Questions)+len(p.Decisions)+p.Summaries != 0 {
		t.Errorf("after erasure PersonalData = %+v", p)
	}
	gotQ, err := db.Question(ctx, q.ID)
	if err != nil || gotQ.Text != "" || gotQ.UserID != "" || gotQ.Status != bot.QuestionRemoved {
		t.Errorf("question after erasure = %+v, %v", gotQ, err)
	}
	if n, err := db.CountQueued(ctx, c.ID); err != nil || n != 0 {
		t.Errorf("queued = %d, %v", n, err)
	}
	d, err := db.Decision(ctx, "m1")
	if err != nil || d.UserID != "" || d.Category != 2 {
		t.Errorf("decision after erasure = %+v, %v (want kept, anonymous)", d, err)
	}
	kept, err := db.Summary(ctx, sum.ID)
	if err != nil || len(kept.Draft.Themes) != 1 || kept.Draft.Overview.Text != "overview" {
		t.Errorf("summary after erasure = %+v, %v", kept.Draft, err)
	}
	if others, err := db.PersonalData(ctx, "g", "u2"); err != nil || len(others.Messages) != 1 {
		t.Errorf("someone else's messages: %+v, %v", others.Messages, err)
	}
}

func TestMemberDeparture(t *testing.T) { bothBackends(t, testMemberDeparture) }

func testMemberDeparture(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	c := testCondition(t, db)
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	var ids []bot.QuestionID
	for i, status := range []bot.QuestionStatus{bot.QuestionQueued, bot.QuestionQueued, bot.QuestionAnswered} {
		q, err := db.AddQuestion(ctx, bot.Question{GuildID: "g", ConditionID: c.ID, UserID: "u1", Text: "q", Status: status,
			SourceMessageID: string(rune('a' + i)), CreatedAt: t0, UpdatedAt: t0})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, q.ID)
	}
	if _, err := db.AddQuestion(ctx, bot.Question{GuildID: "g", ConditionID: c.ID, UserID: "u2", Text: "q", CreatedAt: t0, UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	askers, err := db.QueuedAskers(ctx)
	if err != nil || len(askers) != 2 {
		t.Fatalf("QueuedAskers = %v, %v", askers, err)
	}
	depth, err := db.QueueDepths(ctx)
	if err != nil || depth[int64(c.ID)] != 3 {
		t.Fatalf("QueueDepths = %v, %v", depth, err)
	}
	removed, err := db.RemoveQueuedQuestions(ctx, "g", "u1", t0)
	if err != nil || len(removed) != 2 || removed[0] != ids[0] || removed[1] != ids[1] {
		t.Fatalf("RemoveQueuedQuestions = %v, %v", removed, err)
	}
	if q, _ := db.Question(ctx, ids[2]); q.Status != bot.QuestionAnswered {
		t.Errorf("answered question became %s", q.Status)
	}
	if n, _ := db.CountQueued(ctx, c.ID); n != 1 {
		t.Errorf("queued = %d, want 1 (the other member's)", n)
	}
}
