package discordadapter

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

var auditCommand = &discordgo.ApplicationCommand{
	Name:        "audit",
	Description: "The server's audit log (moderators)",
	Contexts:    guildOnly,
	Options: []*discordgo.ApplicationCommandOption{
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "recent", Description: "The newest audit log entries",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "count", Description: "How many (default 15, at most 50)", MinValue: ptr(1.0), MaxValue: 50},
			},
		},
	},
}

func (b *Bot) audit(ctx context.Context, r *Request) (Reply, error) {
	if r.Subcommand() != "recent" {
		return Reply{}, bot.Errorf(bot.EINVALID, "Unknown subcommand.")
	}
	entries, err := b.svc.RecentAudit(ctx, r.Caller, int(r.Int("count", 15)))
	if err != nil {
		return Reply{}, err
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{auditEmbed(r.Lang(), entries)}}, nil
}

// auditEmbed lists entries newest first: when, who, what, to what. Entries
// hold IDs only, so mentions render as names without pinging anyone (the
// reply's allowed mentions are empty).
// The actions and targets are the log's own codes (condition.create,
// user:…), the same in every language.
func auditEmbed(l bot.Lang, entries []bot.AuditEntry) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Title: l.T("Audit log"), Color: colorInfo}
	if len(entries) == 0 {
		e.Description = l.T("No entries yet.")
		return e
	}
	var lines []string
	for _, en := range entries {
		who := "peerhours"
		if en.ActorID != "" {
			who = "<@" + en.ActorID + ">"
		}
		line := fmt.Sprintf("`#%d` <t:%d:f> %s **%s** %s", en.ID, en.At.Unix(), who, en.Action, auditTargetText(en.Target))
		if en.Detail != "" {
			line += " · `" + en.Detail + "`"
		}
		lines = append(lines, line)
	}
	e.Description = truncate(strings.Join(lines, "\n"), maxEmbedDescription)
	e.Footer = &discordgo.MessageEmbedFooter{Text: l.T("Hash-chained: peerhours audit verify, run on the bot's host, checks that no entry was altered or removed.")}
	return e
}

func auditTargetText(t string) string {
	kind, id, ok := strings.Cut(t, ":")
	if !ok {
		return t
	}
	switch kind {
	case "user":
		return "<@" + id + ">"
	default:
		return kind + " " + id
	}
}
