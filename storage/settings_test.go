package storage

import (
	"context"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

func TestGuildSettingsRoundTrip(t *testing.T) { bothBackends(t, testGuildSettingsRoundTrip) }

func testGuildSettingsRoundTrip(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()

	got, err := db.GuildSettings(ctx, "g1")
	if err != nil {
		t.Fatal(err)
	}
	if got != (bot.Settings{GuildID: "g1"}) {
		t.Errorf("unsaved settings = %+v, want only the guild ID", got)
	}

	want := bot.Settings{
		GuildID: "g1", ModeratorRoleID: "r1", ClinicianRoleID: "r2", ReviewChannelID: "c1",
		AlertChannelID: "c2", Timezone: "Europe/Berlin", CrisisResources: "Call 988.",
		EmergencyNumber: "Call 112.", EscalationRoleID: "r3",
		UpdatedAt: time.UnixMilli(1_700_000_000_123).UTC(),
	}
	for range 2 { // the second save updates in place
		if err := db.SaveGuildSettings(ctx, want); err != nil {
			t.Fatal(err)
		}
	}
	got, err = db.GuildSettings(ctx, "g1")
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}
