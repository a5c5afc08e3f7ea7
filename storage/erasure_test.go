package storage

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "e.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db, path
}

func TestCompactWaitsOutAReaderAndTruncatesTheLog(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := testCondition(t, db)
	if _, err := db.CaptureMessage(ctx, bot.CapturedMessage{ID: "m1", GuildID: "g", ChannelID: "c", ConditionID: c.ID, AuthorID: "u",
		Content: "gecko-canary", CreatedAt: at, CapturedAt: at}); err != nil {
		t.Fatal(err)
	}
	reader, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	tx, err := reader.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM captured_messages").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DeleteCapturedMessages(ctx, "m1"); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	err = db.Compact(short)
	cancel()
	if !errors.Is(err, errCheckpointBusy) {
		t.Fatalf("Compact beside a reader = %v, want busy", err)
	}
	// The writer is not held meanwhile.
	if err := db.SetCaptureFloor(ctx, "g", "u", at); err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	if err := db.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if in := fileContains(t, db, []byte("gecko-canary")); len(in) != 0 {
		t.Errorf("text still in %v", in)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("WAL is %d bytes after TRUNCATE", fi.Size())
	}
}

func TestCaptureSinceJudgesByConsentAndFloor(t *testing.T) {
	bothBackends(t, testCaptureSinceJudgesByConsentAndFloor)
}

func testCaptureSinceJudgesByConsentAndFloor(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, ok, err := db.CaptureSince(ctx, "g", "u"); ok || err != nil {
		t.Fatalf("without consent: ok %v, %v", ok, err)
	}
	if err := db.SaveConsent(ctx, bot.Consent{GuildID: "g", UserID: "u", Version: 1, AcceptedAt: t0}); err != nil {
		t.Fatal(err)
	}
	// A newer guidelines version keeps when consent began.
	if err := db.SaveConsent(ctx, bot.Consent{GuildID: "g", UserID: "u", Version: 2, AcceptedAt: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if since, ok, err := db.CaptureSince(ctx, "g", "u"); !ok || err != nil || !since.Equal(t0) {
		t.Errorf("since = %v %v %v, want %v", since, ok, err, t0)
	}
	for _, f := range []time.Time{t0.Add(2 * time.Hour), t0.Add(time.Hour)} { // a later floor stays
		if err := db.SetCaptureFloor(ctx, "g", "u", f); err != nil {
			t.Fatal(err)
		}
	}
	if since, _, _ := db.CaptureSince(ctx, "g", "u"); !since.Equal(t0.Add(2 * time.Hour)) {
		t.Errorf("since = %v, want the floor", since)
	}
	if err := db.SetSummaryOptOut(ctx, "g", "u", true, t0); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := db.CaptureSince(ctx, "g", "u"); ok {
		t.Error("an opted-out member's messages may be stored")
	}
}
