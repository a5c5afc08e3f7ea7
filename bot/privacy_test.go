package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
)

// joined puts a member in a condition group, consent included.
func (w *world) joined(c bot.Condition, user string) bot.Caller {
	w.t.Helper()
	caller := bot.Caller{UserID: user, GuildID: guild}
	res, err := w.svc.Join(w.ctx, caller, c.Name, false)
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.svc.AcceptGuidelines(w.ctx, caller, c.ID, res.Version, false); err != nil {
		w.t.Fatal(err)
	}
	caller.RoleIDs = []string{c.RoleID}
	return caller
}

func (w *world) auditActions() []string {
	w.t.Helper()
	entries, err := w.db.RecentAudit(w.ctx, guild, 100)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for i := len(entries) - 1; i >= 0; i-- {
		out = append(out, string(entries[i].Action))
	}
	return out
}

func TestPrivacyShowExportDelete(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	pat := w.joined(c, "pat")
	w.joined(c, "pat2")
	w.post(c, "pat", "how much insulin should I take before running? zebra-canary")
	w.post(c, "pat", "anyone else find mornings hard?")
	w.post(c, "pat2", "same here")

	o, err := w.svc.PrivacyOverview(w.ctx, pat)
	if err != nil {
		t.Fatal(err)
	}
	if o.Messages != 2 || o.QuestionsByState[bot.QuestionQueued] != 1 || o.Consent == nil || len(o.Memberships) != 1 || o.Decisions != 2 {
		t.Fatalf("overview = %+v", o)
	}

	data, err := w.svc.PrivacyExport(w.ctx, pat)
	if err != nil {
		t.Fatal(err)
	}
	var x struct {
		Format   string `json:"format"`
		UserID   string `json:"user_id"`
		Messages []struct {
			ID      string `json:"id"`
			Content string `json:"content"`
		} `json:"messages"`
		Questions []struct{ Text string }   `json:"questions"`
		Audit     []struct{ Action string } `json:"audit_log"`
	}
	if err := json.Unmarshal(data, &x); err != nil {
		t.Fatal(err)
	}
	if x.Format != "peerhours-export/v1" || x.UserID != "pat" || len(x.Messages) != 2 || !strings.Contains(x.Messages[0].Content, "zebra-canary") ||
		len(x.Questions) != 1 || len(x.Audit) != 2 {
		t.Fatalf("export = %s", data)
	}
	if strings.Contains(string(data), "same here") {
		t.Error("the export holds another member's message")
	}

	er, err := w.svc.ErasePersonalData(w.ctx, pat)
	if err != nil {
		t.Fatal(err)
	}
	if er.Messages != 2 || er.Questions != 1 || er.Consents != 1 || er.Memberships != 1 || !er.Compacted {
		t.Errorf("erasure = %+v", er)
	}
	if w.d.HasRole("pat", c.RoleID) {
		t.Error("the member kept the condition role after their consent was erased")
	}
	if n, _ := w.db.CountQueued(w.ctx, c.ID); n != 0 {
		t.Errorf("%d questions still queued", n)
	}
	after, err := w.svc.PrivacyOverview(w.ctx, pat)
	if err != nil || after.Messages != 0 || after.Consent != nil || len(after.QuestionsByState) != 0 {
		t.Errorf("after erasure = %+v, %v", after, err)
	}
	got := strings.Join(w.auditActions(), " ")
	if !strings.Contains(got, "privacy.show privacy.export privacy.delete privacy.show") {
		t.Errorf("audit actions = %s", got)
	}
	if _, err := bot.VerifyAudit(w.ctx, w.db); err != nil {
		t.Error(err)
	}
}

func TestSummariesOptOutErasesText(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Asthma")
	pat := w.joined(c, "pat")
	w.post(c, "pat", "my inhaler technique got better with a spacer")
	res, err := w.svc.SetSummariesIncluded(w.ctx, pat, false)
	if err != nil || res.Erased != 1 || !res.Compacted {
		t.Fatalf("opt out = %+v, %v", res, err)
	}
	w.post(c, "pat", "this one is not kept")
	o, _ := w.svc.PrivacyOverview(w.ctx, pat)
	if !o.OptedOut || o.Messages != 0 {
		t.Errorf("after opting out: %+v", o)
	}
	if _, err := w.svc.SetSummariesIncluded(w.ctx, pat, true); err != nil {
		t.Fatal(err)
	}
	w.post(c, "pat", "this one is kept again")
	if o, _ := w.svc.PrivacyOverview(w.ctx, pat); o.OptedOut || o.Messages != 1 {
		t.Errorf("after opting in: %+v", o)
	}
}

// lookupDiscord is the fake Discord that also answers membership lookups.
type lookupDiscord struct {
	*bottest.Discord
	gone map[string]bool
}

func (d lookupDiscord) IsMember(_ context.Context, _, userID string) (bool, error) {
	return !d.gone[userID], nil
}

func TestMemberLeavingTakesTheirQuestionsOutOfTheQueue(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	w.joined(c, "pat")
	w.joined(c, "pat2")
	w.post(c, "pat", "how much insulin should I take before running?")
	w.post(c, "pat2", "should I change my metformin dose?")
	if n, _ := w.db.CountQueued(w.ctx, c.ID); n != 2 {
		t.Fatalf("queued = %d", n)
	}
	if err := w.svc.MemberLeft(w.ctx, guild, "pat"); err != nil {
		t.Fatal(err)
	}
	if n, _ := w.db.CountQueued(w.ctx, c.ID); n != 1 {
		t.Errorf("queued after pat left = %d, want 1", n)
	}
	// Leaving again, or someone with nothing here leaving, is no audit row.
	w.svc.MemberLeft(w.ctx, guild, "pat")
	w.svc.MemberLeft(w.ctx, guild, "stranger")
	if got := strings.Count(strings.Join(w.auditActions(), " "), string(bot.AuditMemberLeft)); got != 1 {
		t.Errorf("%d member.left rows, want 1", got)
	}

	// A departure the gateway did not report (intent off, or downtime) is
	// found by the sweep.
	svc := bot.NewService(w.db, lookupDiscord{w.d, map[string]bool{"pat2": true}}, bot.WithClock(w.clock.Now))
	left, err := svc.SweepDeparted(w.ctx)
	if err != nil || left != 1 {
		t.Fatalf("sweep = %d, %v", left, err)
	}
	if n, _ := w.db.CountQueued(w.ctx, c.ID); n != 0 {
		t.Errorf("queued after the sweep = %d", n)
	}
}

func TestAuditRecordsDecisionsAndSettings(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	w.joined(c, "pat")
	m := w.post(c, "pat", "I took 30 pills")
	alerts := bottest.Notices[bot.EmergencyAlert](w.d)
	doc := bot.Caller{UserID: "doc1", GuildID: guild, RoleIDs: []string{"docrole"}}
	if _, err := w.svc.Acknowledge(w.ctx, doc, alerts[0].AlertID); err != nil {
		t.Fatal(err)
	}
	// another member: pat's own question, read after "I took 30 pills",
	// would be an emergency too
	w.joined(c, "sam")
	other := w.post(c, "sam", "what dose of insulin is right for me?")
	if _, err := w.svc.Override(w.ctx, w.mod, other, bot.ActionPeers); err != nil {
		t.Fatal(err)
	}
	tz := "Europe/Berlin"
	crisis := "Call 112."
	if _, err := w.svc.Setup(w.ctx, bot.Caller{UserID: "owner", GuildID: guild, ManageServer: true},
		bot.SettingsChange{Timezone: &tz, CrisisResources: &crisis}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.RecentAudit(w.ctx, bot.Caller{UserID: "pat", GuildID: guild}, 10); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("a member read the audit log: %v", err)
	}
	entries, err := w.svc.RecentAudit(w.ctx, w.mod, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, string(e.Action)+" "+e.Target+" "+e.Detail)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"settings.changed settings timezone=Europe/Berlin crisis_resources=changed",
		"triage.override message:" + other.ID + " action=peers from=clinical to=peer",
		"alert.acknowledged alert:",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in\n%s", want, all)
		}
	}
	if strings.Contains(all, "112") || strings.Contains(all, "pills") {
		t.Errorf("the audit log holds text:\n%s", all)
	}
	_ = m
	if sum, err := bot.VerifyAudit(w.ctx, w.db); err != nil || sum.Rows < 5 {
		t.Errorf("VerifyAudit = %+v, %v", sum, err)
	}
}
