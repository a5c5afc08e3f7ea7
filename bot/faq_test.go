package bot_test

import (
	"slices"
	"testing"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
)

// A verified clinician saves an answer; only another verified clinician
// publishes it; then /faq search finds it, and a new question much like it
// shows it on the receipt while the question stays queued.
func TestFAQReviewSearchAndWhileYouWait(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	pat := bot.Caller{UserID: "pat", GuildID: guild, RoleIDs: []string{c.RoleID}}
	const q, a = "Can I take my insulin pen on a plane?", "Yes. Keep insulin in your hand luggage, not the hold, and bring a letter from your clinic."

	if _, err := w.svc.SaveFAQ(w.ctx, doc, "Diabetes", q, a); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("an unverified clinician saved: %v", err)
	}
	if _, err := w.svc.SaveFAQ(w.ctx, pat, "Diabetes", q, a); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("a patient saved: %v", err)
	}
	w.verified(doc, nurse)
	for _, bad := range [][2]string{{"short?", a}, {q, "too short"}} {
		if _, err := w.svc.SaveFAQ(w.ctx, doc, "Diabetes", bad[0], bad[1]); bot.ErrorCode(err) != bot.EINVALID {
			t.Errorf("%q: %v", bad, err)
		}
	}
	e, err := w.svc.SaveFAQ(w.ctx, doc, "Diabetes", q, a)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(w.d.Posts, func(p bottest.Posted) bool {
		c, ok := p.Notice.(bot.FAQCard)
		return ok && c.Entry.ID == e.ID && c.ChannelID == "review"
	}) {
		t.Error("no review card")
	}
	// Pending: nobody finds it yet.
	if _, m, err := w.svc.SearchFAQ(w.ctx, pat, "Diabetes", "insulin plane"); err != nil || len(m) != 0 {
		t.Errorf("a pending entry was found: %v, %v", m, err)
	}
	if _, err := w.svc.ReviewFAQ(w.ctx, doc, e.ID, true); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("the author published their own entry: %v", err)
	}
	if _, err := w.svc.ReviewFAQ(w.ctx, w.mod, e.ID, true); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("a moderator published: %v", err)
	}
	if got, err := w.svc.ReviewFAQ(w.ctx, nurse, e.ID, true); err != nil || got.Status != bot.FAQPublished {
		t.Fatalf("publish: %+v, %v", got, err)
	}
	if _, err := w.svc.ReviewFAQ(w.ctx, nurse, e.ID, false); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Errorf("reviewed twice: %v", err)
	}
	if _, m, err := w.svc.SearchFAQ(w.ctx, pat, "Diabetes", "flying with insulin"); err != nil || len(m) != 1 || m[0].Entry.ID != e.ID {
		t.Errorf("search: %v, %v", m, err)
	}
	if _, _, err := w.svc.SearchFAQ(w.ctx, pat, "Diabetes", "the and of"); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("a search of no words: %v", err)
	}

	// A close question sees it on its receipt, and stays queued.
	r, err := w.svc.Ask(w.ctx, pat, "Diabetes", "Can I take my insulin pens on the plane with me?", false)
	if err != nil || r.Receipt.FAQ == nil || r.Receipt.FAQ.Entry.ID != e.ID {
		t.Fatalf("close question: %+v, %v", r.Receipt, err)
	}
	if got, _ := w.db.Question(w.ctx, r.Receipt.QuestionID); got.Status != bot.QuestionQueued {
		t.Errorf("the question is %s", got.Status)
	}
	// A different question does not.
	r, err = w.svc.Ask(w.ctx, pat, "Diabetes", "What does a high HbA1c result mean for my eyes?", false)
	if err != nil || r.Receipt.FAQ != nil {
		t.Errorf("unrelated question shown %+v, %v", r.Receipt.FAQ, err)
	}
	// Removed: gone from search and receipts.
	if _, err := w.svc.RemoveFAQ(w.ctx, pat, e.ID); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("a patient removed: %v", err)
	}
	if _, err := w.svc.RemoveFAQ(w.ctx, w.mod, e.ID); err != nil {
		t.Fatal(err)
	}
	if _, m, _ := w.svc.SearchFAQ(w.ctx, pat, "Diabetes", "insulin plane"); len(m) != 0 {
		t.Errorf("a removed entry was found: %v", m)
	}
	actions := w.auditActions()
	for _, a := range []bot.AuditAction{bot.AuditFAQSaved, bot.AuditFAQPublished, bot.AuditFAQRemoved} {
		if !slices.Contains(actions, string(a)) {
			t.Errorf("audit lacks %s: %v", a, actions)
		}
	}
}
