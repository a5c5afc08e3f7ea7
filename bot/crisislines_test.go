package bot_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
)

// Every country in the table has an emergency number and a crisis line,
// and its source is recorded beside the table.
func TestEveryCountryHasItsNumbersAndSource(t *testing.T) {
	sources, err := os.ReadFile("crisis_lines_sources.md")
	if err != nil {
		t.Fatal(err)
	}
	digit := regexp.MustCompile(`[0-9]`)
	seen := map[string]bool{}
	for _, c := range bot.Countries() {
		if !regexp.MustCompile(`^[A-Z]{2}$`).MatchString(c.Code) || seen[c.Code] || c.Name == "" {
			t.Errorf("country %+v: want a unique ISO code and a name", c)
		}
		seen[c.Code] = true
		if !digit.MatchString(c.Emergency) || len(c.Crisis) == 0 || !digit.MatchString(c.CrisisText()) {
			t.Errorf("%s: emergency %q, crisis %q: want a number in each", c.Code, c.Emergency, c.CrisisText())
		}
		if !strings.Contains(string(sources), "— "+c.Code+"\n") {
			t.Errorf("%s has no section in crisis_lines_sources.md", c.Code)
		}
		if got, ok := bot.CountryByCode(strings.ToLower(c.Code)); !ok || got.Code != c.Code {
			t.Errorf("CountryByCode(%q) = %+v, %v", strings.ToLower(c.Code), got, ok)
		}
	}
	for _, want := range []string{"US", "CA", "MX", "ES", "AR", "CO", "GB", "IE", "DE", "FR", "AU"} {
		if !seen[want] {
			t.Errorf("no numbers for %s", want)
		}
	}
}

// A server that names its country gives that country's numbers; its own
// texts still win; an unknown country changes nothing; "" clears it.
func TestSetupCountry(t *testing.T) {
	w := newWorld(t)
	admin := bot.Caller{GuildID: guild, ManageServer: true}
	es := "es"
	s, err := w.svc.Setup(w.ctx, admin, bot.SettingsChange{Country: &es})
	if err != nil || s.Country != "ES" || s.Emergency() != "Call 112 now." || !strings.Contains(s.CrisisLines(), "024") {
		t.Fatalf("country es: %+v (%q, %q), %v", s, s.Emergency(), s.CrisisLines(), err)
	}
	c := w.condition("Diabetes")
	w.post(c, "pat", "i want to kill myself")
	replies := bottest.Notices[bot.CrisisReply](w.d)
	if len(replies) != 1 || !strings.Contains(replies[0].Text(), "024") || !strings.Contains(replies[0].Text(), "112") {
		t.Errorf("a Spanish server's crisis reply: %+v", replies)
	}
	own := "Llama al 112."
	if s, err = w.svc.Setup(w.ctx, admin, bot.SettingsChange{EmergencyNumber: &own}); err != nil || s.Emergency() != own || !strings.Contains(s.CrisisLines(), "024") {
		t.Errorf("own emergency text: %q %q, %v", s.Emergency(), s.CrisisLines(), err)
	}
	bad := "Atlantis"
	if _, err := w.svc.Setup(w.ctx, admin, bot.SettingsChange{Country: &bad}); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("an unknown country: %v", err)
	}
	if s, _ := w.db.GuildSettings(w.ctx, guild); s.Country != "ES" {
		t.Errorf("the refused change touched the country: %q", s.Country)
	}
	none := ""
	if s, err = w.svc.Setup(w.ctx, admin, bot.SettingsChange{Country: &none}); err != nil || s.Country != "" || s.CrisisLines() != bot.DefaultCrisisLines {
		t.Errorf("clearing the country: %+v, %v", s, err)
	}
}
