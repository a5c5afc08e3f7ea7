package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
)

func (w *world) report(reporter string, m bot.Message, withhold bool) (bot.ReportResult, error) {
	return w.svc.ReportConcern(w.ctx, bot.Caller{UserID: reporter, GuildID: guild}, m, withhold)
}

// quiet is a message that triage leaves alone (it is not handled here:
// the test reports it).
func (w *world) quiet(c bot.Condition, user, text string) bot.Message {
	msgSeq++
	return bot.Message{ID: fmt.Sprintf("q%d", msgSeq), GuildID: guild,
		ChannelID: c.PeerChannelID, AuthorID: user, Content: text, CreatedAt: w.clock.Now()}
}

// A member's worry about someone else's message pages the moderators
// privately: a peer alert pinging the moderator role, nothing posted to
// the person, the reporter told what happens next with the resources to
// share; the report is stored for evaluation and audited.
func TestReportConcernRaisesAPrivateAlert(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	m := w.quiet(c, "pat", "everything is fine, don't worry about me")
	res, err := w.report("friend", m, false)
	if err != nil {
		t.Fatal(err)
	}
	text := res.Text()
	if res.Already || !res.Named || !strings.Contains(text, bot.DefaultEmergencyNumber) || !strings.Contains(text, bot.DefaultCrisisLines) ||
		!strings.Contains(text, "never told who raised it") {
		t.Errorf("the reporter is told:\n%s", text)
	}
	if n := len(bottest.Notices[bot.CrisisReply](w.d)); n != 0 {
		t.Errorf("%d crisis replies posted to the person", n)
	}
	alerts := bottest.Notices[bot.EmergencyAlert](w.d)
	if len(alerts) != 1 || alerts[0].Kind != bot.AlertPeer || alerts[0].SourceMessageID != m.ID || alerts[0].UserID != "pat" ||
		alerts[0].ModeratorRoleID != "modrole" || alerts[0].Reports != 1 || len(alerts[0].Reporters) != 1 || alerts[0].Reporters[0] != "friend" {
		t.Fatalf("alerts = %+v", alerts)
	}
	reports, err := w.db.AlertReports(w.ctx, alerts[0].AlertID)
	if err != nil || len(reports) != 1 || reports[0].MessageID != m.ID || !reports[0].ReportedAt.Equal(w.clock.Now()) || reports[0].Outcome != "" {
		t.Fatalf("reports = %+v, %v", reports, err)
	}
	entries, _ := w.db.RecentAudit(w.ctx, guild, 1)
	if len(entries) != 1 || entries[0].Action != bot.AuditConcernRaised || entries[0].ActorID != "friend" || entries[0].Target != "message:"+m.ID {
		t.Errorf("audit = %+v", entries)
	}

	// The same reporter again: nothing new.
	if res, err := w.report("friend", m, false); err != nil || !res.Already {
		t.Errorf("a second report of the same message: %+v, %v", res, err)
	}
	// Another member: the open alert counts them.
	if _, err := w.report("friend2", m, false); err != nil {
		t.Fatal(err)
	}
	if n := len(bottest.Notices[bot.EmergencyAlert](w.d)); n != 1 {
		t.Errorf("%d alert posts, want the one alert refreshed", n)
	}
	last := w.d.Edits[len(w.d.Edits)-1].Notice.(bot.EmergencyAlert)
	if last.Reports != 2 || len(last.Reporters) != 2 {
		t.Errorf("refreshed alert = %+v", last)
	}

	// Acknowledged: the reports' outcome says so; then the moderator says
	// what it was.
	if _, err := w.svc.AlertOutcome(w.ctx, w.mod, alerts[0].AlertID, bot.AlertOutcomeConcern); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("an outcome before acknowledging: %v", err)
	}
	if _, err := w.svc.Acknowledge(w.ctx, w.mod, alerts[0].AlertID); err != nil {
		t.Fatal(err)
	}
	reports, _ = w.db.AlertReports(w.ctx, alerts[0].AlertID)
	if reports[0].Outcome != bot.AlertOutcomeAcknowledged || reports[0].OutcomeBy != w.mod.UserID {
		t.Errorf("after acknowledging: %+v", reports[0])
	}
	n, err := w.svc.AlertOutcome(w.ctx, w.mod, alerts[0].AlertID, bot.AlertOutcomeConcern)
	if err != nil || n.Outcome != bot.AlertOutcomeConcern {
		t.Fatalf("outcome = %+v, %v", n, err)
	}
	reports, _ = w.db.AlertReports(w.ctx, alerts[0].AlertID)
	a, _ := w.db.Alert(w.ctx, alerts[0].AlertID)
	if reports[0].Outcome != bot.AlertOutcomeConcern || reports[1].Outcome != bot.AlertOutcomeConcern || a.Outcome != bot.AlertOutcomeConcern {
		t.Errorf("labels = %+v / %+v", reports, a)
	}
}

// Unacknowledged, a peer alert re-alerts and escalates like any alert.
func TestReportConcernRealerts(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	if _, err := w.report("friend", w.quiet(c, "pat", "bye all"), false); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(5 * time.Minute)
	w.svc.RunDueJobs(w.ctx)
	alerts := bottest.Notices[bot.EmergencyAlert](w.d)
	if len(alerts) != 2 || !alerts[1].Realert || alerts[1].Kind != bot.AlertPeer || alerts[1].EscalationUserID != "owner" {
		t.Fatalf("alerts = %+v", alerts)
	}
}

// When the person reported can read the alert channel, the reporter is
// named nowhere: not in the alert, not in the audit log.
func TestReportConcernWithholdsTheReporter(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	if _, err := w.report("friend", w.quiet(c, "mod1", "i can't do this anymore"), true); err != nil {
		t.Fatal(err)
	}
	a := bottest.Notices[bot.EmergencyAlert](w.d)[0]
	if len(a.Reporters) != 0 || a.ReportersWithheld != 1 {
		t.Errorf("alert names %v", a.Reporters)
	}
	entries, _ := w.db.RecentAudit(w.ctx, guild, 1)
	if entries[0].ActorID != "" || strings.Contains(entries[0].Detail, "friend") || !strings.Contains(entries[0].Detail, "reporter=withheld") {
		t.Errorf("audit = %+v", entries[0])
	}
}

// Refusals: one's own message, a message outside condition channels, a
// server without an alert channel, a fourth report within the hour.
func TestReportConcernRefusals(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	for _, tc := range []struct {
		name string
		m    bot.Message
		says string
	}{
		{"own message", w.quiet(c, "friend", "I'm fine"), "your own message"},
		{"outside condition channels", bot.Message{ID: "g1", GuildID: guild, ChannelID: "general", AuthorID: "pat", Content: "hi"}, "condition channels only"},
	} {
		_, err := w.report("friend", tc.m, false)
		if bot.ErrorCode(err) != bot.EINVALID || !strings.Contains(bot.ErrorMessage(err), tc.says) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if n := len(bottest.Notices[bot.EmergencyAlert](w.d)); n != 0 {
		t.Fatalf("%d alerts after refusals", n)
	}
	for i := range 3 {
		if _, err := w.report("friend", w.quiet(c, "pat"+string(rune('a'+i)), "hm"), false); err != nil {
			t.Fatalf("report %d: %v", i+1, err)
		}
	}
	_, err := w.report("friend", w.quiet(c, "patz", "hm"), false)
	if bot.ErrorCode(err) != bot.EINVALID || !strings.Contains(bot.ErrorMessage(err), "3 concerns in the last hour") {
		t.Errorf("the fourth report in an hour: %v", err)
	}
	if n := len(bottest.Notices[bot.EmergencyAlert](w.d)); n != 3 {
		t.Errorf("%d alerts, want 3", n)
	}
	w.clock.Advance(time.Hour)
	if _, err := w.report("friend", w.quiet(c, "patz", "hm"), false); err != nil {
		t.Errorf("an hour later: %v", err)
	}
	empty := ""
	if _, err := w.svc.Setup(w.ctx, bot.Caller{GuildID: guild, ManageServer: true}, bot.SettingsChange{AlertChannelID: &empty}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.report("friend2", w.quiet(c, "pat", "hm"), false); bot.ErrorCode(err) != bot.ESETUP {
		t.Errorf("no alert channel: %v", err)
	}
}

// The person reported finds the alert in their export, never who raised
// it; the reporter finds their report, and erasing their data unlinks it.
func TestReportConcernPrivacy(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	m := w.quiet(c, "pat", "i'm so tired of all of it")
	if _, err := w.report("friend", m, false); err != nil {
		t.Fatal(err)
	}
	about, err := w.svc.PrivacyExport(w.ctx, bot.Caller{UserID: "pat", GuildID: guild})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(about), "friend") || !strings.Contains(string(about), `"kind": "peer"`) {
		t.Errorf("the reported person's export:\n%s", about)
	}
	friend := bot.Caller{UserID: "friend", GuildID: guild}
	mine, err := w.svc.PrivacyExport(w.ctx, friend)
	if err != nil || !strings.Contains(string(mine), `"concerns_raised": [`) || !strings.Contains(string(mine), m.ID) {
		t.Errorf("the reporter's export:\n%s", mine)
	}
	er, err := w.svc.ErasePersonalData(w.ctx, friend)
	if err != nil || er.Reports != 1 {
		t.Fatalf("erase = %+v, %v", er, err)
	}
	a := bottest.Notices[bot.EmergencyAlert](w.d)[0]
	reports, _ := w.db.AlertReports(w.ctx, a.AlertID)
	if len(reports) != 1 || reports[0].ReporterID != "" || reports[0].MessageID != m.ID {
		t.Errorf("after the reporter's erasure: %+v", reports)
	}
}
