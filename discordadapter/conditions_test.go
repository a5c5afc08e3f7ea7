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
	// In Spanish, one part or several, each named in Spanish.
	got = conditionListEmbed(bot.LangOf("es-419"), list).Description
	for _, want := range []string{
		"**Gout** — dañado: se borró su rol. Para arreglarlo: `/condition repair condition:Gout`",
		"**Long COVID** — dañado: se borraron estas partes: rol, apartado (categoría) y canal entre pares.",
		"**Lupus** — archivado (solo lectura)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Spanish list lacks %q:\n%s", want, got)
		}
	}
}
