package bot_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
)

var msgSeq int

func (w *world) post(c bot.Condition, user, text string) bot.Message {
	w.t.Helper()
	msgSeq++
	m := bot.Message{ID: fmt.Sprintf("m%d", msgSeq), GuildID: guild, ChannelID: c.PeerChannelID, AuthorID: user,
		Content: text, CreatedAt: w.clock.Now()}
	if err := w.svc.HandleMessage(w.ctx, m); err != nil {
		w.t.Fatal(err)
	}
	return m
}

func TestEmergencyGetsCrisisReplyAndAlert(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	m := w.post(c, "pat", "I took 30 pills")

	replies := bottest.Notices[bot.CrisisReply](w.d)
	alerts := bottest.Notices[bot.EmergencyAlert](w.d)
	if len(replies) != 1 || replies[0].ReplyTo != m.ID || replies[0].ChannelID != c.PeerChannelID {
		t.Fatalf("crisis replies = %+v", replies)
	}
	if replies[0].CrisisLines != bot.DefaultCrisisLines || replies[0].EmergencyNumber != bot.DefaultEmergencyNumber ||
		!replies[0].Alerted || replies[0].Risk != bot.RiskSelfHarm {
		t.Errorf("crisis reply = %+v", replies[0])
	}
	if len(alerts) != 1 || alerts[0].ChannelID != "alerts" || alerts[0].SourceMessageID != m.ID || alerts[0].Realert {
		t.Fatalf("alerts = %+v", alerts)
	}
	if q, err := w.db.CountQueued(w.ctx, c.ID); err != nil || q != 0 {
		t.Errorf("an emergency was queued: %d, %v", q, err)
	}

	// A second message in the window joins the alert: no second reply.
	w.clock.Advance(10 * time.Minute)
	w.post(c, "pat", "i want to die")
	if n := len(bottest.Notices[bot.CrisisReply](w.d)); n != 1 {
		t.Errorf("%d crisis replies in the window, want 1", n)
	}
	if len(w.d.Edits) != 1 || w.d.Edits[0].Notice.(bot.EmergencyAlert).Messages != 2 {
		t.Errorf("alert not refreshed with the second message: %+v", w.d.Edits)
	}
	// The same person in another window gets a reply again.
	w.clock.Advance(31 * time.Minute)
	w.svc.RunDueJobs(w.ctx) // the re-alert of the first alert
	w.post(c, "pat", "I want to kill myself")
	if n := len(bottest.Notices[bot.CrisisReply](w.d)); n != 2 {
		t.Errorf("%d crisis replies after the window, want 2", n)
	}
}

func TestRealertUnlessAcknowledged(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	w.post(c, "pat", "I took 30 pills")
	w.post(c, "pat2", "chest pain and my left arm is numb")
	alerts := bottest.Notices[bot.EmergencyAlert](w.d)
	if len(alerts) != 2 {
		t.Fatalf("alerts = %d", len(alerts))
	}
	doc := bot.Caller{UserID: "doc1", GuildID: guild, RoleIDs: []string{"docrole"}}
	acked, err := w.svc.Acknowledge(w.ctx, doc, alerts[1].AlertID)
	if err != nil || acked.AcknowledgedBy != "doc1" {
		t.Fatalf("acknowledge = %+v, %v", acked, err)
	}

	w.clock.Advance(4 * time.Minute)
	w.svc.RunDueJobs(w.ctx)
	if n := len(bottest.Notices[bot.EmergencyAlert](w.d)); n != 2 {
		t.Fatalf("re-alert before 5 minutes: %d alerts", n)
	}
	w.clock.Advance(time.Minute)
	w.svc.RunDueJobs(w.ctx)
	alerts = bottest.Notices[bot.EmergencyAlert](w.d)
	if len(alerts) != 3 || !alerts[2].Realert || alerts[2].AlertID != alerts[0].AlertID || alerts[2].ModeratorRoleID != "modrole" {
		t.Fatalf("want one re-alert for the unacknowledged alert, got %+v", alerts)
	}
	w.clock.Advance(time.Hour)
	w.svc.RunDueJobs(w.ctx)
	if n := len(bottest.Notices[bot.EmergencyAlert](w.d)); n != 3 {
		t.Errorf("re-alerted more than once: %d", n)
	}
}

// The re-alert is a job in the database: a restart inside the five minutes
// neither loses it nor sends it twice.
func TestRealertSurvivesARestart(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	w.post(c, "pat", "I took 30 pills")
	w.clock.Advance(2 * time.Minute)
	// The process dies; a new one starts on the same database.
	w.svc = bot.NewService(w.db, w.d, bot.WithClock(w.clock.Now))
	if err := w.db.ReleaseClaims(w.ctx); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(3 * time.Minute)
	for range 3 {
		if _, err := w.svc.RunDueJobs(w.ctx); err != nil {
			t.Fatal(err)
		}
	}
	alerts := bottest.Notices[bot.EmergencyAlert](w.d)
	if len(alerts) != 2 || !alerts[1].Realert || alerts[1].ModeratorRoleID != "modrole" {
		t.Fatalf("alerts after the restart = %+v, want the alert and one re-alert", alerts)
	}
}

func TestMessageDeliveredTwiceIsHandledOnce(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	for _, text := range []string{"I took 30 pills", "how much insulin should I take before running?", "how do you all deal with needle fatigue?"} {
		msgSeq++
		m := bot.Message{ID: fmt.Sprintf("dup%d", msgSeq), GuildID: guild, ChannelID: c.PeerChannelID, AuthorID: "pat" + text[:3], Content: text}
		for range 3 {
			if err := w.svc.HandleMessage(w.ctx, m); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := len(w.d.Posts); n != 5 { // crisis reply, alert, receipt, no-session notice, peer welcome
		for _, p := range w.d.Posts {
			t.Logf("%T", p.Notice)
		}
		t.Errorf("%d posts, want 5", n)
	}
}

func TestClinicalQuestionIsQueued(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	m := w.post(c, "pat", "how much insulin should I take before running?")
	q, err := w.db.QuestionBySource(w.ctx, m.ID)
	if err != nil || q.Status != bot.QuestionQueued || q.UserID != "pat" || q.Text != m.Content {
		t.Fatalf("question = %+v, %v", q, err)
	}
	receipts := bottest.Notices[bot.QueueReceipt](w.d)
	if len(receipts) != 1 || receipts[0].QuestionID != q.ID || !receipts[0].NextSession.IsZero() {
		t.Fatalf("receipts = %+v", receipts)
	}
	if n := bottest.Notices[bot.NoSessionNotice](w.d); len(n) != 1 || n[0].ChannelID != "alerts" {
		t.Errorf("moderators not told no session is scheduled: %+v", n)
	}
	// A second question the same day does not tell them again.
	w.post(c, "pat2", "can I double my metformin dose?")
	if n := bottest.Notices[bot.NoSessionNotice](w.d); len(n) != 1 {
		t.Errorf("%d no-session notices, want 1", len(n))
	}
	// The asker withdraws; somebody else cannot.
	if _, err := w.svc.Withdraw(w.ctx, bot.Caller{UserID: "pat2", GuildID: guild}, q.ID, ""); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("withdraw by another member: %v", err)
	}
	r, err := w.svc.Withdraw(w.ctx, bot.Caller{UserID: "pat", GuildID: guild}, q.ID, "")
	if err != nil || r.Status != bot.QuestionWithdrawn {
		t.Errorf("withdraw = %+v, %v", r, err)
	}
}

func TestPeerQuestionGetsThreadAndFollowup(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	answered := w.post(c, "pat", "how do you all deal with needle fatigue?")
	lonely := w.post(c, "pat2", "anyone else get really tired after changing pump sites?")
	if len(w.d.Threads) != 2 {
		t.Fatalf("threads = %v", w.d.Threads)
	}
	welcome := bottest.Notices[bot.PeerWelcome](w.d)
	// No mentor is approved yet: the welcome pings nobody.
	if len(welcome) != 2 || len(welcome[0].MentorIDs) != 0 || welcome[1].SourceMessageID != lonely.ID {
		t.Fatalf("welcomes = %+v", welcome)
	}
	w.d.Replies[w.d.Threads[answered.ID]] = 2

	w.clock.Advance(23 * time.Hour)
	w.svc.RunDueJobs(w.ctx)
	if n := len(bottest.Notices[bot.PeerFollowup](w.d)); n != 0 {
		t.Fatalf("follow-up before 24 h: %d", n)
	}
	w.clock.Advance(time.Hour)
	w.svc.RunDueJobs(w.ctx)
	f := bottest.Notices[bot.PeerFollowup](w.d)
	if len(f) != 1 || f[0].UserID != "pat2" || f[0].SourceMessageID != lonely.ID {
		t.Fatalf("follow-ups = %+v", f)
	}
	w.d.Messages[lonely.ID] = lonely
	if _, err := w.svc.AcceptOffer(w.ctx, bot.Caller{UserID: "pat", GuildID: guild}, lonely.ID, "", ""); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("offer accepted by someone else: %v", err)
	}
	r, err := w.svc.AcceptOffer(w.ctx, bot.Caller{UserID: "pat2", GuildID: guild}, lonely.ID, "", "")
	if err != nil || r.QuestionID == 0 {
		t.Fatalf("accept offer = %+v, %v", r, err)
	}
}

// A thread that opens late (Discord was away) keeps the question's
// schedule: the follow-up is due 24 hours after the question, not after
// the thread.
func TestPeerFollowupCountsFromTheQuestion(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	down := bot.Errorf(bot.EUNAVAILABLE, "Discord is down")
	w.d.Fail["StartThread"] = []error{down}
	q := w.post(c, "pat", "anyone else get really tired after changing pump sites?")
	if len(w.d.Threads) != 0 {
		t.Fatalf("a thread while Discord is down: %v", w.d.Threads)
	}
	w.clock.Advance(2 * time.Hour)
	w.svc.RunDueJobs(w.ctx)
	if len(w.d.Threads) != 1 {
		t.Fatalf("no thread after the outage: %v", w.d.Threads)
	}
	w.clock.Advance(22 * time.Hour) // 24 h after the question
	w.svc.RunDueJobs(w.ctx)
	if f := bottest.Notices[bot.PeerFollowup](w.d); len(f) != 1 || f[0].SourceMessageID != q.ID {
		t.Fatalf("follow-ups 24 h after the question = %+v", f)
	}
}

// Jobs interrupted by an outage run later, from the database: nothing lost.
func TestFailedSendsAreRetried(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	down := bot.Errorf(bot.EUNAVAILABLE, "Discord is down")
	w.d.Fail["Post"] = []error{down, down}
	w.post(c, "pat", "I took 30 pills")
	if n := len(w.d.Posts); n != 0 {
		t.Fatalf("%d posts while Discord is down", n)
	}
	w.clock.Advance(2 * time.Second)
	if _, err := w.svc.RunDueJobs(w.ctx); err != nil {
		t.Fatal(err)
	}
	if len(bottest.Notices[bot.CrisisReply](w.d)) != 1 || len(bottest.Notices[bot.EmergencyAlert](w.d)) != 1 {
		t.Fatalf("after recovery: %+v", w.d.Posts)
	}
}

// failingStore is a database that fails every transaction, as a full disk
// would.
type failingStore struct{ bot.Store }

func (failingStore) Atomically(context.Context, func(bot.Store) error) error { return errDisk }

func TestCrisisReplyWithoutDatabase(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	svc := bot.NewService(failingStore{w.db}, w.d, bot.WithClock(w.clock.Now))
	err := svc.HandleMessage(w.ctx, bot.Message{ID: "x1", GuildID: guild, ChannelID: c.PeerChannelID, AuthorID: "pat", Content: "I took 30 pills"})
	if err == nil {
		t.Error("the database failure was not reported")
	}
	if r := bottest.Notices[bot.CrisisReply](w.d); len(r) != 1 || r[0].ReplyTo != "x1" {
		t.Errorf("crisis replies = %+v, want one despite the database", r)
	}
}

// A leader whose database fails may have been replaced by a standby, which
// answers the same message: when it can no longer confirm it leads, it
// leaves the crisis reply to the new leader instead of answering twice.
func TestCrisisReplyWithoutDatabaseOnlyWhileLeading(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	asked := 0
	svc := bot.NewService(failingStore{w.db}, w.d, bot.WithClock(w.clock.Now),
		bot.WithLeadership(func(context.Context) bool { asked++; return false }))
	svc.HandleMessage(w.ctx, bot.Message{ID: "x1", GuildID: guild, ChannelID: c.PeerChannelID, AuthorID: "pat", Content: "I took 30 pills"})
	if r := bottest.Notices[bot.CrisisReply](w.d); len(r) != 0 || asked != 1 {
		t.Errorf("a process that no longer leads: crisis replies = %+v, leadership asked %d times", r, asked)
	}
}
