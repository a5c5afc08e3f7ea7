package handlers

import (
	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// commands is the whole slash-command table, top to bottom. Each entry is
// Discord's definition and who may use it; the handlers live in files named
// after the command.
func (b *Bot) commands() []*Command {
	return []*Command{
		{
			Def: &discordgo.ApplicationCommand{
				Name:        "help",
				Description: "What peerhours does, and the commands you can use",
				Contexts:    guildOnly,
			},
			Audience: bot.Everyone,
			Handle:   b.help,
		},
	}
}

// components routes buttons, selects and modals by custom-ID prefix.
func (b *Bot) components() []*Component {
	return []*Component{}
}

// guildOnly keeps commands out of DMs: everything peerhours does belongs to
// a server.
var guildOnly = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
