package discordadapter

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

const helpIntro = "peerhours helps this community support each other safely. " +
	"It watches condition channels for posts that need help: emergencies get crisis resources and a moderator at once, " +
	"questions for a clinician wait for the next office hours, and the rest stays with peers. " +
	"If you are worried about someone, use **I'm worried about this person** on their message (message menu → Apps): " +
	"the moderators are told privately, and the person is never told who raised it. " +
	"It never gives medical advice."

// help lists what the bot does and the commands this caller may use.
func (b *Bot) help(_ context.Context, r *Request) (Reply, error) {
	var lines []string
	for _, c := range b.table {
		def := c.Def
		if def.Type == discordgo.MessageApplicationCommand {
			if r.Settings.Allows(r.Caller, c.Audience) {
				lines = append(lines, fmt.Sprintf("**%s** (message menu: right-click or long-press a message, then Apps)", def.Name))
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
				lines = append(lines, fmt.Sprintf("`/%s %s` — %s", def.Name, o.Name, o.Description))
			}
		}
		if subs == 0 && r.Settings.Allows(r.Caller, c.Audience) {
			lines = append(lines, fmt.Sprintf("`/%s` — %s", def.Name, def.Description))
		}
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{{
		Title:       "peerhours",
		Description: helpIntro,
		Color:       colorInfo,
		Fields:      helpFields(lines),
		Footer:      &discordgo.MessageEmbedFooter{Text: "If you are in danger now, call your local emergency number."},
	}}}, nil
}

// helpFields spreads the command lines over as many fields as Discord's
// 1,024 characters a field need.
func helpFields(lines []string) []*discordgo.MessageEmbedField {
	var fields []*discordgo.MessageEmbedField
	var cur []string
	size := 0
	for _, l := range lines {
		if size+len(l)+1 > 1024 && len(cur) > 0 {
			fields = append(fields, &discordgo.MessageEmbedField{Name: "Commands you can use", Value: strings.Join(cur, "\n")})
			cur, size = nil, 0
		}
		cur = append(cur, l)
		size += len(l) + 1
	}
	if len(cur) > 0 || len(fields) == 0 {
		fields = append(fields, &discordgo.MessageEmbedField{Name: "Commands you can use", Value: strings.Join(cur, "\n")})
	}
	for i := 1; i < len(fields); i++ {
		fields[i].Name = "More commands"
	}
	return fields
}

// Embed colours, one per kind of message so they read at a glance.
const (
	colorInfo   = 0x5865F2
	colorDanger = 0xED4245
	colorOK     = 0x57F287
	colorWarn   = 0xFEE75C
)
