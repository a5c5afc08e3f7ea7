package discordadapter

import (
	"fmt"
	"regexp"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's rule for chat-input command and option names (its
// "Application Command Naming"), lower-case where the script has case.
var chatInputName = regexp.MustCompile(`^[-_'\p{Ll}\p{Lo}\p{N}]{1,32}$`)

// Every command, option and choice has a name and description in every
// locale file, within Discord's limits, with no two siblings sharing a
// name; and no file holds an entry the table no longer has.
func TestEveryCommandIsTranslated(t *testing.T) {
	cats, err := catalogues()
	if err != nil {
		t.Fatal(err)
	}
	if len(cats) == 0 {
		t.Fatal("no locale files")
	}
	for lang, cat := range cats {
		if len(localeCodes[lang]) == 0 {
			t.Errorf("locales/%s.json serves no Discord locale (localeCodes)", lang)
		}
		used := map[string]bool{}
		check := func(key string, wantDesc bool, chatInput bool) string {
			e, ok := cat[key]
			used[key] = true
			switch {
			case !ok || e.Name == "":
				t.Errorf("%s: no name for %q", lang, key)
			case chatInput && !chatInputName.MatchString(e.Name):
				t.Errorf("%s: %q is not a valid command or option name: %q", lang, key, e.Name)
			case utf8.RuneCountInString(e.Name) > 32 && !chatInput:
				t.Errorf("%s: %q: %q is longer than 32", lang, key, e.Name)
			case utf8.RuneCountInString(e.Name) > 100:
				t.Errorf("%s: %q: choice name %q is longer than 100", lang, key, e.Name)
			}
			if n := utf8.RuneCountInString(e.Description); wantDesc && (n == 0 || n > 100) {
				t.Errorf("%s: %q: description of %d characters, want 1 to 100", lang, key, n)
			}
			if !wantDesc && e.Description != "" {
				t.Errorf("%s: %q has a description Discord would not show", lang, key)
			}
			return e.Name
		}
		var walk func(prefix string, opts []*discordgo.ApplicationCommandOption)
		walk = func(prefix string, opts []*discordgo.ApplicationCommandOption) {
			names := map[string]bool{}
			for _, o := range opts {
				key := prefix + "." + o.Name
				n := check(key, true, true)
				if names[n] {
					t.Errorf("%s: two options of %q are called %q", lang, prefix, n)
				}
				names[n] = true
				for _, c := range o.Choices {
					check(fmt.Sprintf("%s=%v", key, c.Value), false, false)
				}
				walk(key, o.Options)
			}
		}
		top := map[string]bool{}
		for _, c := range (&Bot{}).commands() {
			chat := c.Def.Type != discordgo.MessageApplicationCommand && c.Def.Type != discordgo.UserApplicationCommand
			n := check(c.Def.Name, chat, chat)
			if top[n] {
				t.Errorf("%s: two commands are called %q", lang, n)
			}
			top[n] = true
			walk(c.Def.Name, c.Def.Options)
		}
		for key := range cat {
			if !used[key] {
				t.Errorf("%s: %q matches nothing in the command table", lang, key)
			}
		}
	}
	// And the registered definitions carry them.
	if got := (*askCommand.NameLocalizations)[discordgo.SpanishLATAM]; got != "preguntar" {
		t.Errorf("/ask in es-419 = %q", got)
	}
}
