package discordadapter

import (
	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// membersIntentNote says in /setup, in l, what is lost without the Server
// Members intent, or nil when peerhours has it.
func (b *Bot) membersIntentNote(l bot.Lang) *discordgo.MessageEmbedField {
	if b.s.Identify.Intents&discordgo.IntentGuildMembers != 0 {
		return nil
	}
	return &discordgo.MessageEmbedField{
		Name: l.T("Member names in summaries"),
		Value: l.T("The Server Members intent is off, so peerhours knows only the names of members it has seen post, " +
			"be mentioned or use a command, and a name of any other member typed in a message is removed before " +
			"summaries only if the general name rules catch it. Switch on Server Members Intent on the Bot page " +
			"of the Developer Portal and restart peerhours to have every member's name removed (and departures " +
			"handled at once)."),
	}
}
