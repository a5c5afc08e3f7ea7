package storage

import (
	"context"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

func sampleCondition(guild, name string) bot.Condition {
	return bot.Condition{
		GuildID: guild, Name: name, Description: "d", CategoryID: "cat", RoleID: "role", MentorRoleID: "mentor",
		PeerChannelID: "peer-" + name, OfficeChannelID: "office-" + name, CreatedAt: time.UnixMilli(1_700_000_000_000).UTC(),
	}
}

func TestConditions(t *testing.T) { bothBackends(t, testConditions) }

func testConditions(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()

	c, err := db.CreateCondition(ctx, sampleCondition("g1", "Long COVID"))
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 {
		t.Fatal("no ID assigned")
	}
	if _, err := db.CreateCondition(ctx, sampleCondition("g1", "long covid")); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Errorf("duplicate in another case: err = %v, want a conflict", err)
	}
	if _, err := db.CreateCondition(ctx, sampleCondition("g2", "Long COVID")); err != nil {
		t.Errorf("same name in another server: %v", err)
	}

	got, err := db.ConditionByName(ctx, "g1", "LONG covid")
	if err != nil || got != c {
		t.Errorf("ConditionByName = %+v, %v; want %+v", got, err, c)
	}
	if _, err := db.ConditionByName(ctx, "g1", "Asthma"); err != bot.ErrNotFound {
		t.Errorf("unknown name: err = %v, want ErrNotFound", err)
	}
	if got, err := db.ConditionByChannel(ctx, "office-Long COVID"); err != nil || got.ID != c.ID {
		t.Errorf("ConditionByChannel = %+v, %v", got, err)
	}

	if err := db.ArchiveCondition(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	c.RoleID = "role2"
	if err := db.UpdateConditionParts(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Condition(ctx, c.ID)
	if !got.Archived || got.RoleID != "role2" {
		t.Errorf("after archive and repair: %+v", got)
	}
	if err := db.ArchiveCondition(ctx, 999); err != bot.ErrNotFound {
		t.Errorf("archive unknown: err = %v", err)
	}
	list, err := db.Conditions(ctx, "g1")
	if err != nil || len(list) != 1 {
		t.Errorf("Conditions = %v, %v", list, err)
	}
}

// Consent and membership must survive a restart: a reopened file has them.
func TestConsentAndMembershipSurviveReopen(t *testing.T) {
	bothBackends(t, testConsentAndMembershipSurviveReopen)
}

func testConsentAndMembershipSurviveReopen(t *testing.T) {
	ctx := context.Background()
	path := freshTarget(t)
	db, err := openAt(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Consent(ctx, "g", "u"); err != bot.ErrNotFound {
		t.Fatalf("no consent yet: err = %v", err)
	}
	at := time.UnixMilli(1_700_000_000_000).UTC()
	if err := db.SaveConsent(ctx, bot.Consent{GuildID: "g", UserID: "u", Version: 1, AcceptedAt: at}); err != nil {
		t.Fatal(err)
	}
	c, err := db.CreateCondition(ctx, sampleCondition("g", "Asthma"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveMembership(ctx, bot.Membership{GuildID: "g", UserID: "u", ConditionID: c.ID, Mentor: true, JoinedAt: at}); err != nil {
		t.Fatal(err)
	}
	// Joining again without volunteering keeps the mentor flag and the first date.
	if err := db.SaveMembership(ctx, bot.Membership{GuildID: "g", UserID: "u", ConditionID: c.ID, JoinedAt: at.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = openAt(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Consent(ctx, "g", "u")
	if err != nil || got.Version != 1 || !got.AcceptedAt.Equal(at) {
		t.Errorf("consent after reopen = %+v, %v", got, err)
	}
	ms, err := db.Memberships(ctx, "g", c.ID)
	if err != nil || len(ms) != 1 || !ms[0].Mentor || !ms[0].JoinedAt.Equal(at) {
		t.Errorf("memberships after reopen = %+v, %v", ms, err)
	}
	removed, err := db.DeleteMembership(ctx, "g", "u", c.ID)
	if err != nil || !removed {
		t.Errorf("DeleteMembership = %v, %v", removed, err)
	}
	removed, _ = db.DeleteMembership(ctx, "g", "u", c.ID)
	if removed {
		t.Error("deleting twice reported a removal")
	}
}
