package storage

import (
	"context"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// Reports are stored once per reporter and message; an erased reporter's
// rows do not block each other; outcomes label the alert and its reports,
// and "acknowledged" never replaces a finding.
func TestPeerReports(t *testing.T) { bothBackends(t, testPeerReports) }

func testPeerReports(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	c, err := db.CreateCondition(ctx, sampleCondition("g", "Asthma"))
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.UnixMilli(1_800_000_000_000).UTC()
	a, fresh, err := db.OpenAlert(ctx, bot.Alert{Kind: bot.AlertPeer, GuildID: "g", ChannelID: "ch", UserID: "pat", ConditionID: c.ID,
		FirstMessageID: "m1", Reports: 1, OpenedAt: t0}, t0.Add(-time.Hour))
	if err != nil || !fresh || a.Kind != bot.AlertPeer {
		t.Fatalf("open = %+v, %v, %v", a, fresh, err)
	}
	add := func(reporter string) bool {
		t.Helper()
		_, ok, err := db.AddPeerReport(ctx, bot.PeerReport{GuildID: "g", ChannelID: "ch", MessageID: "m1", ReportedUserID: "pat",
			ReporterID: reporter, AlertID: a.ID, ReportedAt: t0})
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !add("r1") || add("r1") || !add("r2") {
		t.Fatal("a reporter's second report of a message was stored, or another's was not")
	}
	if n, err := db.PeerReportsSince(ctx, "g", "r1", t0.Add(-time.Minute)); err != nil || n != 1 {
		t.Errorf("r1's reports = %d, %v", n, err)
	}
	if _, err := db.ErasePerson(ctx, "g", "r1", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ErasePerson(ctx, "g", "r2", t0); err != nil {
		t.Fatal(err)
	}
	if !add("r1") {
		t.Error("a new report after erasure was refused")
	}
	if err := db.SetAlertOutcome(ctx, a.ID, bot.AlertOutcomeNoConcern, "mod", t0); err != nil {
		t.Fatal(err)
	}
	if err := db.SetAlertOutcome(ctx, a.ID, bot.AlertOutcomeAcknowledged, "mod2", t0); err != nil {
		t.Fatal(err)
	}
	reports, err := db.AlertReports(ctx, a.ID)
	if err != nil || len(reports) != 3 {
		t.Fatalf("reports = %+v, %v", reports, err)
	}
	for _, r := range reports {
		if r.Outcome != bot.AlertOutcomeNoConcern || r.OutcomeBy != "mod" || r.ReportedUserID != "pat" {
			t.Errorf("report = %+v", r)
		}
	}
	if reports[0].ReporterID != "" || reports[1].ReporterID != "" {
		t.Errorf("erased reporters still linked: %+v", reports[:2])
	}
	got, _ := db.Alert(ctx, a.ID)
	if got.Outcome != bot.AlertOutcomeNoConcern || !got.OutcomeAt.Equal(t0) {
		t.Errorf("alert = %+v", got)
	}
}
