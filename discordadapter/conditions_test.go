package discordadapter

import (
	"strings"
	"testing"

	"github.com/peerhours/peerhours/bot"
)

func TestConditionListSaysWhatIsBroken(t *testing.T) {
	list := []bot.ConditionHealth{
		{Condition: bot.Condition{Name: "Asthma", PeerChannelID: "1", OfficeChannelID: "2"}},
		{Condition: bot.Condition{Name: "Gout"}, Missing: []string{"role"}},
		{Condition: bot.Condition{Name: "Long COVID"}, Missing: []string{"role", "category", "peer channel"}},
		{Condition: bot.Condition{Name: "Lupus", Archived: true}},
	}
	got := conditionListEmbed(bot.English, list).Description
	for _, want := range []string{
		"**Asthma** — <#1> · <#2>",
		"**Gout** — broken: its role was deleted. Fix: `/condition repair condition:Gout`",
		"**Long COVID** — broken: its role, category and peer channel were deleted. Fix: `/condition repair condition:Long COVID`",
		"**Lupus** — archived (read-only)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("list lacks %q:\n%s", want, got)
		}
	}
}
