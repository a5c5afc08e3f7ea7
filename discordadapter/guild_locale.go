package discordadapter

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// onGuildLocale records a server's preferred locale, which its public posts
// follow unless /setup language: chose one. Discord says it in every
// GUILD_CREATE (each connection) and GUILD_UPDATE (when an admin changes
// it); the write happens off the gateway's reader.
func (b *Bot) onGuildLocale(guildID, locale string) {
	if guildID == "" || locale == "" {
		return
	}
	b.goBackground(func(life context.Context) {
		ctx, cancel := context.WithTimeout(life, messageBudget)
		defer cancel()
		if err := b.svc.NoteDiscordLocale(ctx, guildID, locale); err != nil {
			b.log.Warn().Str("guild_id", guildID).Str("code", bot.ErrorCode(err)).Msg("record the server's locale")
		}
	})
}

func (b *Bot) onGuildCreate(_ *discordgo.Session, g *discordgo.GuildCreate) {
	if g.Guild != nil {
		b.onGuildLocale(g.ID, g.PreferredLocale)
	}
}

func (b *Bot) onGuildUpdate(_ *discordgo.Session, g *discordgo.GuildUpdate) {
	if g.Guild != nil {
		b.onGuildLocale(g.ID, g.PreferredLocale)
	}
}
