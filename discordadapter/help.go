package discordadapter

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

var helpIntro = bot.N("peerhours helps this community support each other safely. " +
	"It watches condition channels for posts that need help: emergencies get crisis resources and a moderator at once, " +
	"questions for a clinician wait for the next office hours, and the rest stays with peers. " +
	"If you are worried about someone, use **I'm worried about this person** on their message (message menu → Apps): " +
	"the moderators are told privately, and the person is never told who raised it. " +
	"It never gives medical advice.")

// help lists what the bot does and the commands this caller may use.
func (b *Bot) help(_ context.Context, r *Request) (Reply, error) {
	l, loc := r.Lang(), r.Locale
	var lines []string
	for _, c := range b.table {
		def := c.Def
		if def.Type == discordgo.MessageApplicationCommand {
			if r.Settings.Allows(r.Caller, c.Audience) {
				lines = append(lines, l.Sprintf("**%s** (message menu: right-click or long-press a message, then Apps)", inLocale(def.Name, deref(def.NameLocalizations), loc)))
			}
			continue
		}
		subs := 0
		for _, o := range def.Options {
			if o.Type != discordgo.ApplicationCommandOptionSubCommand {
				continue
			}
			subs++
			if r.Settings.Allows(r.Caller, c.audience(o.Name)) {
				lines = append(lines, fmt.Sprintf("`/%s %s` — %s", inLocale(def.Name, deref(def.NameLocalizations), loc),
					inLocale(o.Name, o.NameLocalizations, loc), inLocale(o.Description, o.DescriptionLocalizations, loc)))
			}
		}
		if subs == 0 && r.Settings.Allows(r.Caller, c.Audience) {
			lines = append(lines, fmt.Sprintf("`/%s` — %s", inLocale(def.Name, deref(def.NameLocalizations), loc),
				inLocale(def.Description, deref(def.DescriptionLocalizations), loc)))
		}
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{{
		Title:       "peerhours",
		Description: helpIntro.In(l),
		Color:       colorInfo,
		Fields:      helpFields(l, lines),
		Footer:      &discordgo.MessageEmbedFooter{Text: l.T("If you are in danger now, call your local emergency number.")},
	}}}, nil
}

// helpFields spreads the command lines over as many fields as Discord's
// 1,024 characters a field need.
func helpFields(l bot.Lang, lines []string) []*discordgo.MessageEmbedField {
	var fields []*discordgo.MessageEmbedField
	var cur []string
	size := 0
	for _, line := range lines {
		if size+len(line)+1 > 1024 && len(cur) > 0 {
			fields = append(fields, &discordgo.MessageEmbedField{Name: l.T("Commands you can use"), Value: strings.Join(cur, "\n")})
			cur, size = nil, 0
		}
		cur = append(cur, line)
		size += len(line) + 1
	}
	if len(cur) > 0 || len(fields) == 0 {
		fields = append(fields, &discordgo.MessageEmbedField{Name: l.T("Commands you can use"), Value: strings.Join(cur, "\n")})
	}
	for i := 1; i < len(fields); i++ {
		fields[i].Name = l.T("More commands")
	}
	return fields
}

// inLocale is a command's name or description as a client in locale shows
// it (the localization), else as written.
func inLocale(s string, localized map[discordgo.Locale]string, locale discordgo.Locale) string {
	if t, ok := localized[locale]; ok {
		return t
	}
	return s
}

// deref is a command's localizations (a pointer in discordgo's command).
func deref(m *map[discordgo.Locale]string) map[discordgo.Locale]string {
	if m == nil {
		return nil
	}
	return *m
}

// Embed colours, one per kind of message so they read at a glance.
const (
	colorInfo   = 0x5865F2
	colorDanger = 0xED4245
	colorOK     = 0x57F287
	colorWarn   = 0xFEE75C
)
