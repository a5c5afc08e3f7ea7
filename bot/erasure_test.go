package bot_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
)

// inFiles reports which of the database's files hold canary: the file
// itself and its write-ahead log, read as raw bytes.
func (w *world) inFiles(canary string) []string {
	w.t.Helper()
	if onPostgres() {
		w.t.Skip("reads SQLite's files (storage's tests read PostgreSQL's)")
	}
	var out []string
	for _, p := range []string{w.db.Path(), w.db.Path() + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			w.t.Fatal(err)
		}
		if bytes.Contains(b, []byte(canary)) {
			out = append(out, p)
		}
	}
	return out
}

// summaryWorld has three consenting members and an LLM whose draft the
// test writes: refs are 1, 2, 3 … in the order the messages were posted.
func summaryWorld(t *testing.T, draft bot.Draft) (*world, bot.Condition) {
	w := newWorld(t)
	z := &fakeSummarizer{draft: draft}
	w.svc = bot.NewService(w.db, w.d, bot.WithClock(w.clock.Now), bot.WithSummarizer(z))
	c := w.condition("Diabetes")
	for _, u := range []string{"pat", "pat2", "pat3"} {
		w.joined(c, u)
	}
	w.clock.Advance(time.Minute)
	return w, c
}

func (w *world) summarize(c bot.Condition) bot.Summary {
	w.t.Helper()
	res, err := w.svc.Summarize(w.ctx, clinician, bot.SummaryRequest{ChannelID: c.PeerChannelID, Since: "1d"})
	if err != nil {
		w.t.Fatal(err)
	}
	return res.Summary
}

// lastReview is the newest rendering of a summary's last part: its
// latest edit, or its post.
func (w *world) lastReview(id bot.SummaryID) bot.SummaryReview {
	w.t.Helper()
	var out bot.SummaryReview
	found := false
	for _, list := range [][]bottest.Posted{w.d.Posts, w.d.Edits} {
		for _, p := range list {
			if n, ok := p.Notice.(bot.SummaryReview); ok && n.SummaryID == id && n.Last() {
				out, found = n, true
			}
		}
	}
	if !found {
		w.t.Fatalf("summary %d was never posted", id)
	}
	return out
}

func reviewText(n bot.SummaryReview) string {
	var b strings.Builder
	for _, s := range n.Sections {
		for _, it := range s.Items {
			b.WriteString(it.Text + "\n")
		}
	}
	return b.String()
}

func TestErasureRemovesStatementsThatCiteOrRepeatTheMember(t *testing.T) {
	w, c := summaryWorld(t, bot.Draft{
		Overview: bot.SummaryItem{Text: "Members talked about night lows and alarms.", Cites: []string{"2", "3"}},
		Themes: []bot.SummaryItem{
			{Text: "Member A's endocrinologist switched them to Quillotrex.", Cites: []string{"1"}},
			// The model repeats Member A's words under Member B's citation.
			{Text: "One member keeps juice by the bed; another swears by Quillotrex.", Cites: []string{"2"}},
			{Text: "CGM alarms at night.", Cites: []string{"3"}},
		},
	})
	pat := bot.Caller{UserID: "pat", GuildID: guild}
	w.post(c, "pat", "my endocrinologist switched me to Quillotrex and my night lows stopped")
	w.post(c, "pat2", "night lows scare me, I keep juice by the bed")
	w.post(c, "pat3", "does anyone use a CGM alarm at night")
	sum := w.summarize(c)
	if !strings.Contains(reviewText(w.lastReview(sum.ID)), "Quillotrex") {
		t.Fatal("the draft's review post does not quote the member to begin with")
	}

	er, err := w.svc.ErasePersonalData(w.ctx, pat)
	if err != nil {
		t.Fatal(err)
	}
	if er.Summaries != 1 || !er.Compacted {
		t.Errorf("erasure = %+v", er)
	}
	stored, err := w.db.Summary(w.ctx, sum.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Erased != 2 || len(stored.Draft.Themes) != 1 || stored.Draft.Themes[0].Text != "CGM alarms at night." || stored.Draft.Overview.Text == "" {
		t.Errorf("draft after erasure: erased %d, %+v", stored.Erased, stored.Draft)
	}
	// The review post was edited at once: the words are gone, it says why,
	// and it cannot be approved as drafted.
	post := w.lastReview(sum.ID)
	if strings.Contains(reviewText(post), "Quillotrex") || post.Erased != 2 {
		t.Errorf("review post after erasure: erased %d\n%s", post.Erased, reviewText(post))
	}
	for _, st := range []bot.ReviewStatus{bot.ReviewApproved, bot.ReviewFollowUp} {
		if _, err := w.svc.ReviewSummary(w.ctx, clinician, sum.ID, st, ""); bot.ErrorCode(err) != bot.EINVALID {
			t.Errorf("%s a draft that lost statements: %v", st, err)
		}
	}
	if _, err := w.svc.ReviewSummary(w.ctx, clinician, sum.ID, bot.ReviewRejected, "sources erased"); err != nil {
		t.Errorf("reject: %v", err)
	}
	if files := w.inFiles("Quillotrex"); len(files) != 0 {
		t.Errorf("the erased words are still in %v", files)
	}
}

func TestDeletedMessageAndOptOutLeaveDraftsAndFiles(t *testing.T) {
	w, c := summaryWorld(t, bot.Draft{
		Overview: bot.SummaryItem{Text: "Members compared morning routines.", Cites: []string{"1", "2", "3"}},
		Themes: []bot.SummaryItem{
			{Text: "Hiking the Fernwhistle trail helps one member.", Cites: []string{"1"}},
			{Text: "A lunamoth walk before breakfast.", Cites: []string{"3"}},
			{Text: "Someone walks the Fernwhistle loop too.", Cites: []string{"2"}},
			{Text: "Morning routines matter.", Cites: []string{"2"}},
		},
	})
	first := w.post(c, "pat", "I hike the Fernwhistle trail every morning and feel great")
	w.post(c, "pat2", "morning routines matter to me")
	w.post(c, "pat3", "I do a lunamoth walk before breakfast")
	sum := w.summarize(c)

	// pat deletes their message on Discord; pat3 opts out of summaries.
	if err := w.svc.HandleDelete(w.ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	res, err := w.svc.SetSummariesIncluded(w.ctx, bot.Caller{UserID: "pat3", GuildID: guild}, false)
	if err != nil || res.Erased != 1 || res.Summaries != 1 || !res.Compacted {
		t.Fatalf("opt out = %+v, %v", res, err)
	}
	stored, _ := w.db.Summary(w.ctx, sum.ID)
	text := stored.Draft.Overview.Text + reviewText(w.lastReview(sum.ID))
	for _, it := range stored.Draft.Themes {
		text += it.Text
	}
	for _, gone := range []string{"Fernwhistle", "lunamoth"} {
		if strings.Contains(text, gone) {
			t.Errorf("%q is still in the draft or its post:\n%s", gone, text)
		}
		if files := w.inFiles(gone); len(files) != 0 {
			t.Errorf("%q is still in %v", gone, files)
		}
	}
	// The overview cited both and three themes went (triage may add a
	// safety item citing one of them too, which goes with it).
	if len(stored.Draft.Themes) != 1 || stored.Draft.Themes[0].Text != "Morning routines matter." || stored.Erased < 4 {
		t.Errorf("after: erased %d, themes %+v, overview %q", stored.Erased, stored.Draft.Themes, stored.Draft.Overview.Text)
	}
}

func TestEraseEditsTheQueueItemsOfTheirQuestions(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	first := w.schedule(c, "2026-12-01 18:00", 60, bot.RepeatNone).Sessions[0]
	bob := w.joined(c, "bob")
	w.ask(c, "bob", "Is it normal to feel dizzy after a dose change? wombatcanary", true)
	w.ask(c, "bob", "Should my nephew Rory get tested too? wombatcanary", false)
	w.until(first.StartsAt)
	posted := map[string]bool{}
	for _, p := range w.d.Posts {
		if it, ok := p.Notice.(bot.QueueItem); ok && strings.Contains(it.Text, "wombatcanary") {
			posted[p.ID] = true
		}
	}
	if len(posted) != 2 {
		t.Fatalf("%d queue items posted", len(posted))
	}
	if _, err := w.svc.ErasePersonalData(w.ctx, bob); err != nil {
		t.Fatal(err)
	}
	edited := map[string]bot.QueueItem{}
	for _, e := range w.d.Edits {
		if it, ok := e.Notice.(bot.QueueItem); ok && posted[e.ID] {
			edited[e.ID] = it
		}
	}
	if len(edited) != 2 {
		t.Fatalf("%d of 2 queue items edited", len(edited))
	}
	for id, it := range edited {
		if !it.Erased || it.Text != "" || it.UserID != "" {
			t.Errorf("item %s after erasure: %+v", id, it)
		}
	}
	if files := w.inFiles("wombatcanary"); len(files) != 0 {
		t.Errorf("the question text is still in %v", files)
	}
}

func TestCheckpointHeldBackByAReaderIsFinishedByAJob(t *testing.T) {
	if onPostgres() {
		t.Skip("holds an SQLite snapshot open")
	}
	w := newWorld(t)
	c := w.condition("Asthma")
	pat := w.joined(c, "pat")
	w.post(c, "pat", "my spacer is called platypuscanary")

	// A backup, or an operator's shell, reads an older snapshot.
	reader, err := sql.Open("sqlite3", "file:"+w.db.Path()+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	conn, err := reader.Conn(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(w.ctx, "BEGIN"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := conn.QueryRowContext(w.ctx, "SELECT count(*) FROM captured_messages").Scan(&n); err != nil || n != 1 {
		t.Fatalf("reader: %d, %v", n, err)
	}

	er, err := w.svc.ErasePersonalData(w.ctx, pat)
	if err != nil {
		t.Fatal(err)
	}
	if er.Compacted || er.Messages != 1 {
		t.Fatalf("erasure = %+v: told done while a reader held the log", er)
	}
	if files := w.inFiles("platypuscanary"); len(files) == 0 {
		t.Fatal("the test's reader did not hold the text in the files")
	}
	if _, err := conn.ExecContext(w.ctx, "COMMIT"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	w.clock.Advance(10 * time.Second)
	w.run()
	if files := w.inFiles("platypuscanary"); len(files) != 0 {
		t.Errorf("after the compact job the text is still in %v", files)
	}
}

func TestEditsDeletesAndThePurgeLeaveNoTextInTheLog(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Asthma")
	w.joined(c, "pat")
	m := w.post(c, "pat", "my old inhaler brand was narwhalcanary")
	if files := w.inFiles("narwhalcanary"); len(files) == 0 {
		t.Fatal("the text was never written")
	}
	m.Content = "my old inhaler brand was something else"
	if err := w.svc.HandleEdit(w.ctx, m); err != nil {
		t.Fatal(err)
	}
	if files := w.inFiles("narwhalcanary"); len(files) != 0 {
		t.Errorf("edited text still in %v", files)
	}
	d := w.post(c, "pat", "deleted soon: axolotlcanary")
	if err := w.svc.HandleDelete(w.ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if files := w.inFiles("axolotlcanary"); len(files) != 0 {
		t.Errorf("deleted text still in %v", files)
	}
	w.post(c, "pat", "expires later: quokkacanary")
	if err := w.svc.StartSummaryJobs(w.ctx); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(91 * 24 * time.Hour)
	w.run()
	if files := w.inFiles("quokkacanary"); len(files) != 0 {
		t.Errorf("purged text still in %v", files)
	}
}

func TestBackfillDoesNotBringBackWhatWasErased(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	pat := w.joined(c, "pat")
	w.joined(c, "pat2")
	start := w.clock.Now()
	history := func(author, text string, at time.Time) bot.Message {
		m := bot.Message{ID: fmt.Sprintf("h%d", at.UnixNano()), AuthorID: author, Content: text, CreatedAt: at}
		w.d.Backlog[c.PeerChannelID] = append(w.d.Backlog[c.PeerChannelID], m)
		return m
	}
	// Written while pat consented, never seen live (the bot was down).
	history("pat", "before the erasure, unseen: first", start.Add(10*time.Minute))
	history("pat", "before the erasure, unseen: second", start.Add(20*time.Minute))
	w.clock.Advance(30 * time.Minute)
	live := w.post(c, "pat", "before the erasure, seen live")
	w.d.Backlog[c.PeerChannelID] = append(w.d.Backlog[c.PeerChannelID], live)

	w.clock.Advance(time.Hour)
	if _, err := w.svc.ErasePersonalData(w.ctx, pat); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(time.Hour)
	w.joined(c, "pat") // back, with a new consent
	// Their export says so.
	if data, err := w.svc.PrivacyExport(w.ctx, pat); err != nil || !strings.Contains(string(data), `"not_stored_before"`) {
		t.Errorf("export after erasure: %s %v", data, err)
	}
	w.clock.Advance(time.Minute)
	after := history("pat", "after coming back", w.clock.Now())
	w.clock.Advance(time.Minute)
	history("pat2", "another member", w.clock.Now())

	w.summarize(c)
	var got []string
	for _, m := range w.stored(c) {
		if m.AuthorID == "pat" {
			got = append(got, m.Content)
		}
	}
	if len(got) != 1 || got[0] != after.Content {
		t.Errorf("pat's stored messages after the backfill: %q, want only %q", got, after.Content)
	}

	// Opting out and back in: what was written while out stays out.
	pat2 := bot.Caller{UserID: "pat2", GuildID: guild}
	if _, err := w.svc.SetSummariesIncluded(w.ctx, pat2, false); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(time.Minute)
	history("pat2", "written while opted out", w.clock.Now())
	w.clock.Advance(time.Minute)
	if _, err := w.svc.SetSummariesIncluded(w.ctx, pat2, true); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(time.Minute)
	history("pat2", "written after opting back in", w.clock.Now())
	w.summarize(c)
	got = nil
	for _, m := range w.stored(c) {
		if m.AuthorID == "pat2" {
			got = append(got, m.Content)
		}
	}
	if len(got) != 1 || got[0] != "written after opting back in" {
		t.Errorf("pat2's stored messages: %q", got)
	}
}

func TestTheLLMsOutputIsRedactedAndInstructionsAreSetApart(t *testing.T) {
	w, c := summaryWorld(t, bot.Draft{
		Overview: bot.SummaryItem{Text: "Alice Smith (415-555-0134) asked about night lows; her aunt in Tacoma agreed.", Cites: []string{"1", "2"}},
		Themes: []bot.SummaryItem{
			{Text: "Double your insulin tonight.", Cites: []string{"2"}},
			{Text: "Member B keeps juice by the bed.", Cites: []string{"2"}},
		},
		Misinformation: []bot.SummaryItem{{Text: "You should stop taking metformin before surgery.", Cites: []string{"1"}}},
	})
	w.d.MemberList = []bot.Member{{ID: "pat", Username: "alice_s", GlobalName: "Alice Smith"}}
	w.post(c, "pat", "night lows again, anyone else")
	w.post(c, "pat2", "I keep juice by the bed")
	sum := w.summarize(c)
	d := sum.Draft
	if d.Overview.Text != "Member A ([phone]) asked about night lows; her aunt in Place 1 agreed." {
		t.Errorf("overview = %q", d.Overview.Text)
	}
	if len(d.Themes) != 1 || len(d.Misinformation) != 0 || len(d.Flagged) != 2 || d.Flagged[0].Text != "Double your insulin tonight." {
		t.Errorf("themes %+v misinformation %+v flagged %+v", d.Themes, d.Misinformation, d.Flagged)
	}
	post := w.lastReview(sum.ID)
	var flagged *bot.ReviewSection
	for i, s := range post.Sections {
		if strings.HasPrefix(s.Title, "🚩") {
			flagged = &post.Sections[i]
		}
	}
	if flagged == nil || len(flagged.Items) != 2 || flagged.Items[0].Text != "“Double your insulin tonight.”" {
		t.Errorf("flagged section = %+v", flagged)
	}
	for _, bad := range []string{"Alice", "415", "Tacoma"} {
		for _, p := range w.d.Posts {
			if n, ok := p.Notice.(bot.SummaryReview); ok && strings.Contains(reviewText(n), bad) {
				t.Errorf("the review post holds %q", bad)
			}
		}
	}
}
