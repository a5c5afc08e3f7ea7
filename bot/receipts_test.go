package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
)

// receiptOf returns the ID of the receipt posted for a question.
func (w *world) receiptOf(q bot.Question) string {
	w.t.Helper()
	for _, p := range w.d.Posts {
		if r, ok := p.Notice.(bot.QueueReceipt); ok && r.QuestionID == q.ID {
			return p.ID
		}
	}
	w.t.Fatalf("no receipt posted for question %d", q.ID)
	return ""
}

// receiptEdits returns the edits of a receipt message, oldest first.
func (w *world) receiptEdits(messageID string) []bot.QueueReceipt {
	var out []bot.QueueReceipt
	for _, p := range w.d.Edits {
		if r, ok := p.Notice.(bot.QueueReceipt); ok && p.ID == messageID {
			out = append(out, r)
		}
	}
	return out
}

// queued posts a clinical message and returns its question and the ID of
// the receipt the bot posted for it.
func (w *world) queued(c bot.Condition, user, text string) (bot.Question, string) {
	w.t.Helper()
	m := w.post(c, user, text)
	q, err := w.db.QuestionBySource(w.ctx, m.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	id := w.receiptOf(q)
	if q, err = w.db.Question(w.ctx, q.ID); err != nil || q.ReceiptMessageID != id {
		w.t.Fatalf("receipt %q not stored on %+v, %v", id, q, err)
	}
	return q, id
}

// A question that leaves the queue for good (answered, withdrawn, kept with
// peers by a moderator, its asker gone or erased) has its posted receipt
// edited: the state it ended in, and no Withdraw button.
func TestReceiptIsEditedWhenQuestionLeavesQueue(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	res := w.schedule(c, "2026-12-01 18:00", 60, bot.RepeatWeekly)
	answered, answeredReceipt := w.queued(c, "alice", "how much insulin should I take before running?")
	moved, movedReceipt := w.queued(c, "bob", "can I double my metformin dose?")
	peers, peersReceipt := w.queued(c, "carol", "should I change my insulin dose after a hypo?")
	left, leftReceipt := w.queued(c, "dave", "is a fasting glucose of 140 too high?")
	erased, erasedReceipt := w.queued(c, "erin", "should I stop my statin because of muscle pain?")
	withdrawn, withdrawnReceipt := w.queued(c, "frank", "what dose of vitamin D should I take?")

	w.until(res.Start)
	if _, err := w.svc.AnswerQuestion(w.ctx, doc, res.Sessions[0].ID, answered.ID); err != nil {
		t.Fatal(err)
	}
	w.run()
	edits := w.receiptEdits(answeredReceipt)
	if len(edits) != 1 || edits[0].Status != bot.QuestionAnswered || !edits[0].Final() || !edits[0].AnsweredAt.Equal(res.Start) {
		t.Errorf("answered receipt edits = %+v, want one showing it answered at %s", edits, res.Start)
	}

	// Moved to the next session: still in the queue, still withdrawable.
	if _, err := w.svc.MoveQuestion(w.ctx, doc, res.Sessions[0].ID, moved.ID); err != nil {
		t.Fatal(err)
	}
	w.run()
	if edits := w.receiptEdits(movedReceipt); len(edits) != 0 {
		t.Errorf("moved receipt edited: %+v", edits)
	}

	m, err := w.db.QuestionBySource(w.ctx, peers.SourceMessageID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Override(w.ctx, w.mod, bot.Message{ID: m.SourceMessageID, GuildID: guild, ChannelID: c.PeerChannelID,
		AuthorID: "carol", Content: m.Text}, bot.ActionPeers); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.MemberLeft(w.ctx, guild, "dave"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.ErasePersonalData(w.ctx, bot.Caller{UserID: "erin", GuildID: guild}); err != nil {
		t.Fatal(err)
	}
	w.run()
	for name, id := range map[string]string{"kept with peers": peersReceipt, "asker left": leftReceipt, "asker erased": erasedReceipt} {
		edits := w.receiptEdits(id)
		if len(edits) != 1 || edits[0].Status != bot.QuestionRemoved || !edits[0].Final() {
			t.Errorf("%s: receipt edits = %+v, want one showing it removed", name, edits)
		}
	}

	// Withdrawn with the receipt's own button: the reply to the click
	// replaces it, so no second edit. Withdrawn from another copy (the
	// ephemeral /ask reply has no ID): the posted receipt is edited.
	frank := bot.Caller{UserID: "frank", GuildID: guild}
	if r, err := w.svc.Withdraw(w.ctx, frank, withdrawn.ID, withdrawnReceipt); err != nil || !r.Final() {
		t.Fatalf("withdraw = %+v, %v", r, err)
	}
	w.run()
	if edits := w.receiptEdits(withdrawnReceipt); len(edits) != 0 {
		t.Errorf("receipt edited besides the reply to its own button: %+v", edits)
	}
	other, otherReceipt := w.queued(c, "frank", "is 2 mg of melatonin safe with my insulin?")
	if _, err := w.svc.Withdraw(w.ctx, frank, other.ID, ""); err != nil {
		t.Fatal(err)
	}
	w.run()
	if edits := w.receiptEdits(otherReceipt); len(edits) != 1 || edits[0].Status != bot.QuestionWithdrawn {
		t.Errorf("withdrawn elsewhere: receipt edits = %+v", edits)
	}
	_ = erased
	_ = left
}

// A Withdraw button pressed after its question left the queue answers with
// what happened, never with an error that means nothing to the asker.
func TestStaleWithdrawSaysWhatHappened(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	res := w.schedule(c, "2026-12-01 18:00", 60, bot.RepeatWeekly)
	answered := w.ask(c, "alice", "What should I ask about my HbA1c result?", false)
	removed := w.ask(c, "bob", "Is it normal to feel dizzy after a dose change?", false)
	erased := w.ask(c, "erin", "Does metformin interact with alcohol?", false)
	w.until(res.Start.Add(5 * time.Minute))
	if _, err := w.svc.AnswerQuestion(w.ctx, doc, res.Sessions[0].ID, answered.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.MemberLeft(w.ctx, guild, "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.ErasePersonalData(w.ctx, bot.Caller{UserID: "erin", GuildID: guild}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		user string
		q    bot.Question
		want string
	}{
		{"alice", answered, "already answered in office hours <t:"},
		{"bob", removed, "no longer in the queue"},
		{"erin", erased, "no longer in the queue"},
	} {
		_, err := w.svc.Withdraw(w.ctx, bot.Caller{UserID: tc.user, GuildID: guild}, tc.q.ID, "")
		code := bot.ErrorCode(err)
		if err == nil || code == bot.EINTERNAL || !strings.Contains(bot.ErrorMessage(err), tc.want) {
			t.Errorf("%s withdraws: %v (%s), want a message saying %q", tc.user, err, code, tc.want)
		}
	}
	if n := len(bottest.Notices[bot.QueueReceipt](w.d)); n != 0 {
		t.Errorf("%d receipts posted for /ask questions", n)
	}
}

// The receipt of a question asked while its session runs says so, by the
// service's clock.
func TestReceiptSaysSessionIsOpen(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	res := w.schedule(c, "2026-12-01 18:00", 60, bot.RepeatWeekly)
	r, err := w.svc.Ask(w.ctx, bot.Caller{UserID: "alice", GuildID: guild, RoleIDs: []string{c.RoleID}}, c.Name, "What should I ask about my HbA1c result?", false)
	if err != nil || r.Receipt.Open || !r.Receipt.NextSession.Equal(res.Start) {
		t.Fatalf("before the session: %+v, %v", r.Receipt, err)
	}
	w.until(res.Start.Add(time.Minute))
	r, err = w.svc.Ask(w.ctx, bot.Caller{UserID: "alice", GuildID: guild, RoleIDs: []string{c.RoleID}}, c.Name, "Which snacks help before exercise?", false)
	if err != nil || !r.Receipt.Open {
		t.Fatalf("during the session: %+v, %v", r.Receipt, err)
	}
}

// A peer question sent to office hours from the follow-up's button: that
// follow-up, turned into the receipt by the reply to the click, is stored
// as the receipt and edited like any other.
func TestOfferBecomesTheReceipt(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	lonely := w.post(c, "pat", "anyone else get really tired after changing pump sites?")
	w.until(w.clock.Now().Add(24 * time.Hour))
	w.d.Messages[lonely.ID] = lonely
	pat := bot.Caller{UserID: "pat", GuildID: guild}
	r, err := w.svc.AcceptOffer(w.ctx, pat, lonely.ID, "thread1", "offer1")
	if err != nil {
		t.Fatal(err)
	}
	q, err := w.db.Question(w.ctx, r.QuestionID)
	if err != nil || q.ReceiptChannelID != "thread1" || q.ReceiptMessageID != "offer1" {
		t.Fatalf("question = %+v, %v; want the offer stored as its receipt", q, err)
	}
	if n := len(bottest.Notices[bot.QueueReceipt](w.d)); n != 0 {
		t.Errorf("%d receipts posted besides the offer", n)
	}
	if _, err := w.svc.Withdraw(w.ctx, pat, q.ID, ""); err != nil {
		t.Fatal(err)
	}
	w.run()
	if edits := w.receiptEdits("offer1"); len(edits) != 1 || edits[0].Status != bot.QuestionWithdrawn {
		t.Errorf("offer edits = %+v", edits)
	}
}

// A question still waiting when its session ends, or when the session it
// waits for is cancelled, has its receipt edited to name the next session,
// Withdraw button kept.
func TestReceiptNamesTheNextSessionAfterRolloverAndCancel(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	res := w.schedule(c, "2026-12-01 18:00", 60, bot.RepeatWeekly)
	first, second := res.Sessions[0], res.Sessions[1]
	q, receipt := w.queued(c, "alice", "how much insulin should I take before running?")

	w.until(first.EndsAt)
	w.run()
	edits := w.receiptEdits(receipt)
	if len(edits) == 0 {
		t.Fatal("receipt not edited when the session ended with the question still waiting")
	}
	last := edits[len(edits)-1]
	if last.Final() || last.Status != bot.QuestionQueued || !last.NextSession.Equal(second.StartsAt) {
		t.Errorf("after the rollover the receipt shows %+v; want queued, naming %s", last, second.StartsAt)
	}

	w.clock.Advance(time.Hour)
	if _, err := w.svc.CancelSessions(w.ctx, w.mod, second.ID, false); err != nil {
		t.Fatal(err)
	}
	w.run()
	edits = w.receiptEdits(receipt)
	last = edits[len(edits)-1]
	third, ok, err := w.db.NextSession(w.ctx, c.ID, w.clock.Now())
	if err != nil || !ok {
		t.Fatalf("no session after the cancelled one: %v", err)
	}
	if last.Final() || !last.NextSession.Equal(third.StartsAt) || third.ID == second.ID {
		t.Errorf("after cancelling the next session the receipt shows %+v; want it naming %s", last, third.StartsAt)
	}
	if q, err := w.db.Question(w.ctx, q.ID); err != nil || q.Status != bot.QuestionQueued {
		t.Errorf("the question after all that: %+v, %v; want still queued", q, err)
	}
}
