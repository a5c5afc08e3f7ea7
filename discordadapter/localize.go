package discordadapter

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Command names and descriptions in other languages, so a client in
// Spanish shows /preguntar and /unirse. Each file in locales/ is one
// language: a key per command ("ask"), option ("ask.question"),
// subcommand option ("officehours.schedule.start") and choice
// ("setup.country=ES"), with the name and description Discord shows for
// it. Handlers stay keyed by the canonical names, which Discord sends
// whatever the client's language. TestEveryCommandIsTranslated checks that
// every file covers the whole table, within Discord's limits.
//
//go:embed locales/*.json
var localeFiles embed.FS

// The command definitions are package variables shared by every Bot, so
// they are localized once, here, before any Bot reads them.
func init() {
	var defs []*discordgo.ApplicationCommand
	for _, c := range (&Bot{}).commands() {
		defs = append(defs, c.Def)
	}
	if err := localize(defs); err != nil {
		panic(err) // an embedded file is broken: TestEveryCommandIsTranslated says which
	}
}

// localeCodes are the Discord locales each file serves.
var localeCodes = map[string][]discordgo.Locale{
	"es": {discordgo.SpanishES, discordgo.SpanishLATAM},
}

// localized is one entry of a locale file.
type localized struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// catalogues reads the locale files: language → key → entry.
func catalogues() (map[string]map[string]localized, error) {
	entries, err := localeFiles.ReadDir("locales")
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]localized{}
	for _, e := range entries {
		b, err := localeFiles.ReadFile("locales/" + e.Name())
		if err != nil {
			return nil, err
		}
		var cat map[string]localized
		if err := json.Unmarshal(b, &cat); err != nil {
			return nil, fmt.Errorf("locales/%s: %w", e.Name(), err)
		}
		out[strings.TrimSuffix(e.Name(), path.Ext(e.Name()))] = cat
	}
	return out, nil
}

// localize sets the name and description localizations of every command,
// option and choice from the catalogues. A missing entry leaves that
// string in English (the test makes sure there is none).
func localize(defs []*discordgo.ApplicationCommand) error {
	cats, err := catalogues()
	if err != nil {
		return err
	}
	for lang, cat := range cats {
		for _, code := range localeCodes[lang] {
			for _, def := range defs {
				if e, ok := cat[def.Name]; ok {
					if def.NameLocalizations == nil {
						def.NameLocalizations = &map[discordgo.Locale]string{}
					}
					setLoc(def.NameLocalizations, code, e.Name)
					if def.Type != discordgo.MessageApplicationCommand && def.Type != discordgo.UserApplicationCommand {
						if def.DescriptionLocalizations == nil {
							def.DescriptionLocalizations = &map[discordgo.Locale]string{}
						}
						setLoc(def.DescriptionLocalizations, code, e.Description)
					}
				}
				localizeOptions(cat, code, def.Name, def.Options)
			}
		}
	}
	return nil
}

func localizeOptions(cat map[string]localized, code discordgo.Locale, prefix string, opts []*discordgo.ApplicationCommandOption) {
	for _, o := range opts {
		key := prefix + "." + o.Name
		if e, ok := cat[key]; ok {
			setLoc(&o.NameLocalizations, code, e.Name)
			setLoc(&o.DescriptionLocalizations, code, e.Description)
		}
		for _, c := range o.Choices {
			if e, ok := cat[fmt.Sprintf("%s=%v", key, c.Value)]; ok {
				setLoc(&c.NameLocalizations, code, e.Name)
			}
		}
		localizeOptions(cat, code, key, o.Options)
	}
}

func setLoc(m *map[discordgo.Locale]string, code discordgo.Locale, v string) {
	if v == "" {
		return
	}
	if *m == nil {
		*m = map[discordgo.Locale]string{}
	}
	(*m)[code] = v
}
