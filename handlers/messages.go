package handlers

import (
	"github.com/bwmarrin/discordgo"
)

// onMessageCreate sees every message in the channels the bot can read. It
// logs IDs only: the text is patients' words and never goes into a log.
func (b *Bot) onMessageCreate(s *discordgo.Session, m *discordgo.MessageCreate) {
	if m.Author == nil || m.Author.Bot || m.GuildID == "" {
		return
	}
	b.log.Debug().
		Str("guild_id", m.GuildID).
		Str("channel_id", m.ChannelID).
		Str("message_id", m.ID).
		Str("user_id", m.Author.ID).
		Int("length", len(m.Content)).
		Msg("message received")
}
