package sandbox

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The toggle switches the demo to Spanish: every persona's client and the
// server, as the bot sees them in each interaction.
func TestLanguageToggle(t *testing.T) {
	f := newFixture(t)
	general := f.world.General
	if page := f.chat("alice", general); !strings.Contains(page, `value="en-US" aria-pressed="true">English`) {
		t.Fatalf("the toggle does not show English as current")
	}
	code, to, _ := f.post("/as/alice/language", url.Values{"locale": {"es-419"}, "channel": {general}})
	if code != http.StatusSeeOther || to != channelURL("alice", general) {
		t.Fatalf("toggle: %d → %s", code, to)
	}
	if g, ok := f.dc.Guild(f.world.GuildID); !ok || g.PreferredLocale != "es-419" {
		t.Errorf("the server's locale is not Spanish")
	}
	if page := f.chat("bob", general); !strings.Contains(page, `value="es-419" aria-pressed="true">Español`) {
		t.Errorf("the toggle does not show Español as current")
	}
	f.post("/as/bob/c/"+general+"/run", url.Values{"cmd": {"echo"}, "opt.text": {"hola"}})
	if m := f.lastMessage(general); !strings.Contains(m.Content, "locale=es-419 guild_locale=es-419") {
		t.Errorf("Bob's command reached the bot as %q", m.Content)
	}
	if code, _, _ := f.post("/as/alice/language", url.Values{"locale": {"xx"}}); code != http.StatusBadRequest {
		t.Errorf("an unknown language: %d", code)
	}
}
