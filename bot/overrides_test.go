package bot_test

import (
	"slices"
	"testing"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
	"github.com/peerhours/peerhours/bot/triage"
)

// Overrides from the message menu act on the message and are stored beside
// the decision they correct, with that decision's category, rule IDs and
// source, as labelled feedback on the rules.
func TestOverridesAreStoredBesideTheDecision(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	m := w.post(c, "pat", "how do you all deal with needle fatigue?")
	w.d.Messages[m.ID] = m
	first, err := w.db.Decision(w.ctx, m.ID)
	if err != nil || first.Category != triage.Peer || len(first.Reasons) == 0 {
		t.Fatalf("decision = %+v, %v", first, err)
	}

	// A moderator sends it to office hours: queued, the decision follows.
	res, err := w.svc.Override(w.ctx, w.mod, m, bot.ActionOfficeHours)
	if err != nil || res.From != triage.Peer || res.QuestionID == 0 {
		t.Fatalf("send to office hours = %+v, %v", res, err)
	}
	if q, err := w.db.QuestionBySource(w.ctx, m.ID); err != nil || q.Status != bot.QuestionQueued || q.UserID != "pat" {
		t.Fatalf("question = %+v, %v", q, err)
	}
	// A clinician keeps it with peers after all: out of the queue again.
	if _, err := w.svc.Override(w.ctx, doc, m, bot.ActionPeers); err != nil {
		t.Fatal(err)
	}
	if q, _ := w.db.QuestionBySource(w.ctx, m.ID); q.Status == bot.QuestionQueued {
		t.Error("kept with peers, yet still queued")
	}
	// And a moderator flags it as urgent: the crisis reply and the alert.
	if _, err := w.svc.Override(w.ctx, w.mod, m, bot.ActionUrgent); err != nil {
		t.Fatal(err)
	}
	if len(bottest.Notices[bot.CrisisReply](w.d)) != 1 || len(bottest.Notices[bot.EmergencyAlert](w.d)) != 1 {
		t.Errorf("flag as urgent: %d crisis replies, %d alerts", len(bottest.Notices[bot.CrisisReply](w.d)), len(bottest.Notices[bot.EmergencyAlert](w.d)))
	}

	got, err := w.db.Overrides(w.ctx, m.ID)
	if err != nil || len(got) != 3 {
		t.Fatalf("overrides = %+v, %v", got, err)
	}
	want := []struct {
		from    triage.Category
		reasons []string
		source  string
		to      triage.Category
		action  bot.OverrideAction
		by      string
	}{
		{triage.Peer, first.Reasons, "rules", triage.Clinical, bot.ActionOfficeHours, w.mod.UserID},
		{triage.Clinical, []string{"override.office_hours"}, "override", triage.Peer, bot.ActionPeers, doc.UserID},
		{triage.Peer, []string{"override.peers"}, "override", triage.Emergency, bot.ActionUrgent, w.mod.UserID},
	}
	for i, o := range got {
		wt := want[i]
		if o.From != wt.from || !slices.Equal(o.FromReasons, wt.reasons) || o.FromSource != wt.source ||
			o.To != wt.to || o.Action != wt.action || o.By != wt.by || o.GuildID != guild {
			t.Errorf("override %d = %+v, want %+v", i, o, wt)
		}
	}
	if d, _ := w.db.Decision(w.ctx, m.ID); d.Category != triage.Emergency || d.Source != "override" {
		t.Errorf("decision after the overrides = %+v", d)
	}
}
